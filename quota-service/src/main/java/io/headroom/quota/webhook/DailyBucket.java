package io.headroom.quota.webhook;

import java.time.Instant;
import java.time.LocalDate;

import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.quota.ratelimit.ProjectPolicy;

/**
 * A project's webhook bucket for one day (spec/quota-service.md §5): how many calls the day may
 * accept ({@code webhookCallsPerDay}; 0 = unlimited) and the day's bounds in the account's time
 * zone. The Sandbox project, which has no row in the plan table, gets its hourly API limit × 24.
 */
public record DailyBucket(long limit, Instant dayStart, Instant dayEnd) {

    public static final String TYPE = "webhook_calls";
    private static final long HOURS_PER_DAY = 24;

    public static DailyBucket of(ProjectPolicy policy, Instant now, long sandboxCallsPerHour) {
        long limit = policy.sandbox() ? sandboxCallsPerHour * HOURS_PER_DAY : policy.limits().webhookCallsPerDay();
        // a day starts at its first instant, which is not 00:00 where the clocks skip midnight
        LocalDate day = now.atZone(policy.zone()).toLocalDate();
        return new DailyBucket(limit, day.atStartOfDay(policy.zone()).toInstant(),
                day.plusDays(1).atStartOfDay(policy.zone()).toInstant());
    }

    public boolean unlimited() {
        return limit == 0;
    }

    /**
     * The hourly share of the bucket, {@code limit} ÷ 24 rounded up: an hour with more calls is
     * what the webhook-hour alert reports. 0 when the bucket is unlimited.
     */
    public long hourlyShare() {
        return (limit + HOURS_PER_DAY - 1) / HOURS_PER_DAY;
    }

    /** Where a caller stands after a call that left the day at {@code used}; null when unlimited (no headers). */
    public RateLimitStatus status(long used, boolean denied, long nowMillis) {
        if (unlimited()) {
            return null;
        }
        return new RateLimitStatus(TYPE, limit, Math.max(0, limit - used), dayEnd.getEpochSecond(),
                dayEnd.getEpochSecond() - dayStart.getEpochSecond(), denied, nowMillis);
    }
}
