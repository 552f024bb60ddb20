package io.headroom.quota.ratelimit;

/** The API limits of a project at one instant: the plan's (or custom) values plus valid packages; 0 = unlimited. */
public record ApiLimits(long perMinute, long perHour, long perCycle, long bulkPerHour, long clientCalls,
        long clientWindowSeconds) {
}
