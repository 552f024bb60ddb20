package io.headroom.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before the next attempt of something that failed (a webhook delivery, an e-mail): {@code first} after the
 * first failure, doubling after each further one, never more than {@code max}, with up to 20 %
 * taken off at random so that what failed together does not all come back together.
 */
public record Backoff(Duration first, Duration max) {

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration after(int attempts) {
        return after(attempts, ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #after(int)} with {@code random} in [0, 1) choosing the jitter. */
    Duration after(int attempts, double random) {
        long firstMillis = first.toMillis();
        long maxMillis = max.toMillis();
        int doublings = Math.min(Math.max(0, attempts - 1), 40);
        long full = firstMillis > maxMillis >> doublings ? maxMillis : firstMillis << doublings;
        return Duration.ofMillis(full - (long) (full * 0.2 * random));
    }
}
