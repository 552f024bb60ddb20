package io.headroom.quota.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.quota.ratelimit.Decision;
import io.headroom.quota.ratelimit.WindowCount;

/**
 * The body of a check's answer (spec/quota-service.md §3). {@code limitType}, {@code limit},
 * {@code remaining} and {@code retryAt} describe the binding window and are null when no window
 * limits the call (every limit 0, or Redis could not be asked); {@code windows} lists every
 * limited window.
 */
public record CheckAnswer(boolean allowed, boolean enforced, String limitType, Long limit, Long remaining,
        Long retryAt, List<WindowView> windows) {

    /** One limited window after the decision. */
    public record WindowView(String type, long limit, long remaining, Instant resetAt) {
    }

    static CheckAnswer of(Decision decision, RateLimitStatus status) {
        List<WindowView> windows = new ArrayList<>(decision.windows().size());
        for (WindowCount count : decision.windows()) {
            if (count.window().limited()) {
                windows.add(new WindowView(count.window().type().wire(), count.window().limit(), count.remaining(),
                        Instant.ofEpochSecond(count.resetAt())));
            }
        }
        if (status == null) {
            return new CheckAnswer(decision.allowed(), decision.enforced(), null, null, null, null, windows);
        }
        return new CheckAnswer(decision.allowed(), decision.enforced(), status.type(), status.limit(),
                status.remaining(), status.retryAt(), windows);
    }
}
