package io.headroom.common.ratelimit;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The management limit counted in this instance's memory: fixed windows aligned to the clock,
 * exact per instance. Used by services without shared counters.
 */
@DefaultBean
@ApplicationScoped
public class LocalManagementLimiter implements ManagementLimiter {

    private final ConcurrentMap<String, FixedWindow> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    public LocalManagementLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<RateLimitStatus> take(String callerKey, long limit, long windowSeconds) {
        long nowMillis = clock.millis();
        long start = nowMillis / 1000 / windowSeconds * windowSeconds;
        FixedWindow window = windows.compute(callerKey,
                (key, held) -> held != null && held.start() == start ? held.plusOne(limit)
                        : new FixedWindow(start, start + windowSeconds, 1));
        boolean denied = window.count() > limit;
        long remaining = Math.max(0, limit - window.count());
        return Uni.createFrom().item(new RateLimitStatus(ManagementLimit.TYPE, limit, remaining,
                window.end(), windowSeconds, denied, nowMillis));
    }

    /** Forgets windows that ended, so idle callers cost nothing. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetEnded() {
        long nowSeconds = clock.millis() / 1000;
        windows.values().removeIf(w -> w.end() <= nowSeconds);
    }

    /** One caller's window: its start and end (epoch seconds) and the requests it took. */
    private record FixedWindow(long start, long end, long count) {
        FixedWindow plusOne(long limit) {
            return count > limit ? this : new FixedWindow(start, end, count + 1);
        }
    }
}
