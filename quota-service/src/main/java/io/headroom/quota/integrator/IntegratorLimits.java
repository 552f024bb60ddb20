package io.headroom.quota.integrator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The integrator limits of the source document; 0 means unlimited. */
public record IntegratorLimits(
        @NotNull @PositiveOrZero @Max(MAX) Long maxManagedOrgs,
        @NotNull @PositiveOrZero @Max(MAX) Long maxManagedProcesses,
        @NotNull @PositiveOrZero @Max(MAX) Long maxVotes,
        @NotNull @PositiveOrZero @Max(MAX) Long maxEmails,
        @JsonProperty("maxSMS") @NotNull @PositiveOrZero @Max(MAX) Long maxSMS) {

    public static final long MAX = 1_000_000_000_000L;

    /** The free tier: one managed organization and modest limits. */
    public static final IntegratorLimits FREE = new IntegratorLimits(1L, 10L, 1_000L, 500L, 200L);

    /** An account without integrator features. */
    public static final IntegratorLimits NONE = new IntegratorLimits(0L, 0L, 0L, 0L, 0L);
}
