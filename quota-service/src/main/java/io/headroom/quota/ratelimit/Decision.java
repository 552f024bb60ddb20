package io.headroom.quota.ratelimit;

import java.util.Comparator;
import java.util.List;

import io.headroom.common.ratelimit.RateLimitStatus;

/**
 * The outcome of one check (spec/quota-service.md §3) and its binding window: when allowed, the
 * limited window with the fewest remaining (ties: the shorter window); when refused, of the
 * windows the request did not fit, the one that resets last.
 *
 * @param enforced  false on staging or when Redis could not be asked
 * @param nowMillis the decision's time (Redis {@code TIME}), epoch milliseconds
 */
public record Decision(boolean allowed, boolean enforced, long cost, List<WindowCount> windows, long nowMillis) {

    private static final Comparator<WindowCount> TIGHTEST = Comparator.comparingLong(WindowCount::remaining)
            .thenComparingLong(w -> w.window().seconds());
    private static final Comparator<WindowCount> LATEST_RESET = Comparator.comparingLong(WindowCount::resetAt)
            .thenComparingLong(w -> w.window().seconds());

    /** An answer without a decision: Redis could not be asked and the policy lets the call through. */
    public static Decision unenforced(long nowMillis) {
        return new Decision(true, false, 0, List.of(), nowMillis);
    }

    /** The window whose numbers fill the headers, or null when no window limits this call. */
    public WindowCount binding() {
        if (!allowed) {
            return windows.stream().filter(w -> w.refuses(cost)).max(LATEST_RESET).orElse(null);
        }
        return windows.stream().filter(w -> w.window().limited()).min(TIGHTEST).orElse(null);
    }

    /** The binding window as the rate-limit headers describe it, or null when there is none. */
    public RateLimitStatus status() {
        WindowCount binding = binding();
        if (binding == null) {
            return null;
        }
        return new RateLimitStatus(binding.window().type().wire(), binding.window().limit(), binding.remaining(),
                binding.resetAt(), binding.window().seconds(), !allowed, nowMillis);
    }

    /** The same refusal seen again at {@code laterMillis} for a call of {@code otherCost}, without asking Redis. */
    public Decision at(long laterMillis, long otherCost) {
        return new Decision(allowed, enforced, otherCost, windows, laterMillis);
    }
}
