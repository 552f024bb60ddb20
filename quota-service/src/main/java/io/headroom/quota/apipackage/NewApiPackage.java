package io.headroom.quota.apipackage;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import io.headroom.quota.plan.CustomLimits;

/** {@code POST /v1/accounts/{id}/api-packages}: at least one extra, valid until a future instant. */
public record NewApiPackage(
        @PositiveOrZero @Max(CustomLimits.MAX) Long extraPerMinute,
        @PositiveOrZero @Max(CustomLimits.MAX) Long extraPerHour,
        @PositiveOrZero @Max(CustomLimits.MAX) Long extraPerCycle,
        Instant validFrom,
        @NotNull Instant validUntil) {
}
