package io.headroom.quota.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.headroom.quota.account.BillingCycle;

/**
 * Which windows a check counts in (spec/quota-service.md §3), and under which Redis keys. Every key
 * of a project carries the project id as hash tag, so one decision's keys share a cluster slot.
 *
 * <table>
 * <tr><th>kind</th><th>windows</th></tr>
 * <tr><td>api</td><td>minute, hour if set ({@code api_calls}), cycle ({@code api_calls_cycle})</td></tr>
 * <tr><td>bulk</td><td>bulk per hour ({@code bulk_api_calls}), cycle</td></tr>
 * <tr><td>client</td><td>per client IP ({@code client_calls}), minute, cycle</td></tr>
 * <tr><td>any, Sandbox</td><td>per hour, fixed ({@code api_calls})</td></tr>
 * </table>
 * A window whose limit is 0 is left out, except the cycle, which is always counted: it is the
 * usage the account is billed and notified on.
 */
public final class WindowPlan {

    public static final long MINUTE = 60;
    public static final long HOUR = 3_600;

    private final String keyPrefix;
    private final long sandboxCallsPerHour;

    public WindowPlan(String keyPrefix, long sandboxCallsPerHour) {
        this.keyPrefix = keyPrefix;
        this.sandboxCallsPerHour = sandboxCallsPerHour;
    }

    public List<Window> windows(ProjectPolicy policy, CheckKind kind, String clientIp, Instant now) {
        String prefix = keyPrefix + "{" + policy.projectId() + "}:";
        if (policy.sandbox()) {
            return List.of(Window.fixed(LimitType.API_CALLS, prefix + "sandbox:h", sandboxCallsPerHour, HOUR));
        }
        ApiLimits limits = policy.apiLimitsAt(now);
        List<Window> windows = new ArrayList<>(3);
        switch (kind) {
            case API -> {
                addIfLimited(windows, Window.fixed(LimitType.API_CALLS, prefix + "api:m", limits.perMinute(), MINUTE));
                addIfLimited(windows, Window.fixed(LimitType.API_CALLS, prefix + "api:h", limits.perHour(), HOUR));
            }
            case BULK -> addIfLimited(windows,
                    Window.fixed(LimitType.BULK_API_CALLS, prefix + "bulk:h", limits.bulkPerHour(), HOUR));
            case CLIENT -> {
                if (limits.clientWindowSeconds() > 0) {
                    addIfLimited(windows, Window.fixed(LimitType.CLIENT_CALLS, prefix + "ip:" + clientIp,
                            limits.clientCalls(), limits.clientWindowSeconds()));
                }
                addIfLimited(windows, Window.fixed(LimitType.API_CALLS, prefix + "api:m", limits.perMinute(), MINUTE));
            }
        }
        windows.add(cycleWindow(policy, prefix, limits.perCycle(), now));
        return windows;
    }

    private Window cycleWindow(ProjectPolicy policy, String prefix, long limit, Instant now) {
        BillingCycle cycle = policy.cycleAt(now);
        return Window.period(LimitType.API_CALLS_CYCLE, prefix + "cycle", limit, cycle.start().getEpochSecond(),
                cycle.end().getEpochSecond());
    }

    private static void addIfLimited(List<Window> windows, Window window) {
        if (window.limited()) {
            windows.add(window);
        }
    }
}
