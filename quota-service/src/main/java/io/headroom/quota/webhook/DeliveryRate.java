package io.headroom.quota.webhook;

import java.time.Instant;

import io.headroom.quota.ratelimit.ProjectPolicy;

/**
 * How fast a project's accepted calls may be delivered: its per-minute API rate, packages
 * included (spec/quota-service.md §5), or for the Sandbox project its hourly limit per hour.
 * A limit of 0 means no pacing.
 *
 * @param limit        deliveries per window
 * @param windowMillis the window's length, aligned to the clock like the API windows
 */
public record DeliveryRate(long limit, long windowMillis) {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    public static DeliveryRate of(ProjectPolicy policy, Instant now, long sandboxCallsPerHour) {
        return policy.sandbox() ? new DeliveryRate(sandboxCallsPerHour, HOUR)
                : new DeliveryRate(policy.apiLimitsAt(now).perMinute(), MINUTE);
    }

    public boolean unlimited() {
        return limit == 0;
    }

    /**
     * The part of a window over which the places of a later window are spread: 11/12 of it (55 s
     * of a minute), leaving the last twelfth as slack for a call that comes back a little late.
     */
    public long spreadMillis() {
        return windowMillis - windowMillis / 12;
    }
}
