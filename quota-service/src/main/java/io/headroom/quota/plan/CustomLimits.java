package io.headroom.quota.plan;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Limits the operator negotiated for one account: a field given replaces the plan's value, a
 * field left out keeps it; 0 means unlimited.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomLimits(
        @PositiveOrZero @Max(MAX) Long apiCallsPerMinute,
        @PositiveOrZero @Max(MAX) Long apiCallsPerHour,
        @PositiveOrZero @Max(MAX) Long apiCallsPerCycle,
        @PositiveOrZero @Max(MAX) Long bulkApiCallsPerHour,
        @PositiveOrZero @Max(MAX) Long webhookCallsPerDay,
        @PositiveOrZero @Max(MAX) Long redemptionsPerCycle,
        @PositiveOrZero @Max(MAX) Long clientCallsPerIp,
        @PositiveOrZero @Max(86_400) Long clientWindowSeconds,
        @PositiveOrZero @Max(MAX) Long distributionsPerDay,
        @PositiveOrZero @Max(MAX) Long distributionsPerMonth) {

    /** Larger numbers are not limits but mistakes. */
    public static final long MAX = 1_000_000_000_000L;

    public static final CustomLimits NONE = new CustomLimits(null, null, null, null, null, null, null, null, null,
            null);
}
