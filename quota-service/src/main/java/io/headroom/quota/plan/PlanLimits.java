package io.headroom.quota.plan;

/**
 * The numbers of one plan (spec/quota-service.md §1); 0 means no limit of that kind.
 */
public record PlanLimits(
        long apiCallsPerMinute,
        long apiCallsPerHour,
        long apiCallsPerCycle,
        long bulkApiCallsPerHour,
        long webhookCallsPerDay,
        long redemptionsPerCycle,
        long clientCallsPerIp,
        long clientWindowSeconds,
        long distributionsPerDay,
        long distributionsPerMonth) {

    /** Minutes in a day: a plan without its own webhook bucket gets {@code apiCallsPerMinute} × 1,440. */
    public static final long MINUTES_PER_DAY = 1_440;
}
