package io.headroom.quota.ratelimit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.headroom.quota.account.BillingCycle;
import io.headroom.quota.plan.PlanLimits;

/**
 * What a decision needs to know about a project: its account's effective limits, the account's
 * API packages, its billing cycle, and whether it is the Sandbox project.
 */
public record ProjectPolicy(String projectId, String accountId, boolean sandbox, PlanLimits limits,
        List<PackageExtras> packages, int cycleAnchorDay, ZoneId zone) {

    /** The API limits at {@code now}: packages valid then add to each limited window (0 stays unlimited). */
    public ApiLimits apiLimitsAt(Instant now) {
        long minute = limits.apiCallsPerMinute();
        long hour = limits.apiCallsPerHour();
        long cycle = limits.apiCallsPerCycle();
        for (PackageExtras extras : packages) {
            if (extras.validAt(now)) {
                minute = raise(minute, extras.extraPerMinute());
                hour = raise(hour, extras.extraPerHour());
                cycle = raise(cycle, extras.extraPerCycle());
            }
        }
        return new ApiLimits(minute, hour, cycle, limits.bulkApiCallsPerHour(), limits.clientCallsPerIp(),
                limits.clientWindowSeconds());
    }

    public BillingCycle cycleAt(Instant now) {
        return BillingCycle.containing(now, cycleAnchorDay, zone);
    }

    private static long raise(long limit, long extra) {
        return limit == 0 ? 0 : limit + extra;
    }
}
