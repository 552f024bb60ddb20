package io.headroom.quota.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/projects/{id}/usage}: {@code quantity} 1 to 1,000,000 of a metered metric. */
public record MeteredUsage(@NotBlank @Size(max = 50) String metric, @NotNull @Min(1) @Max(1_000_000) Long quantity) {
}
