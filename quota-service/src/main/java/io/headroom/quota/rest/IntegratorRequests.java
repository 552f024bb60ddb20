package io.headroom.quota.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.headroom.quota.integrator.IntegratorLimits;
import io.headroom.quota.integrator.IntegratorTier;
import io.headroom.quota.integrator.OtpChannel;

/** Bodies of the integrator endpoints. */
public final class IntegratorRequests {

    private IntegratorRequests() {
    }

    /** {@code PUT /v1/accounts/{id}/integrator}. */
    public record Settings(@NotNull Boolean enabled, @NotNull IntegratorTier tier, @Valid IntegratorLimits limits) {
    }

    /** {@code POST /integrator/organizations}. */
    public record NewOrganization(
            @Pattern(regexp = "org_[A-Za-z0-9_-]{1,64}", message = "must be org_ followed by 1 to 64 URL-safe characters")
            String id,
            @NotBlank @Size(max = 200) String name) {
    }

    /** {@code POST /integrator/organizations/{orgId}/processes}. */
    public record NewProcess(
            @Pattern(regexp = "proc_[A-Za-z0-9_-]{1,64}", message = "must be proc_ followed by 1 to 64 URL-safe characters")
            String id,
            @NotBlank @Size(max = 200) String title) {
    }

    /** {@code POST /integrator/organizations/{orgId}/votes}: 1 to 10,000 votes. */
    public record Votes(@NotBlank @Size(max = 80) String processId, @NotNull @Min(1) @Max(10_000) Integer count) {
    }

    /** {@code POST /integrator/organizations/{orgId}/otp}: 1 to 10,000 one-time passwords. */
    public record Otp(@NotNull OtpChannel channel, @NotNull @Min(1) @Max(10_000) Integer count) {
    }
}
