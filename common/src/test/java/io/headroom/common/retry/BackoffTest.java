package io.headroom.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The wait before a failed webhook call is delivered again (spec/quota-service.md §5: "with
 * retries and backoff"): {@code first} after the first failure, doubling, at most {@code max},
 * with up to 20 % taken off at random.
 */
class BackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofHours(1);
    private final Backoff backoff = new Backoff(FIRST, MAX);

    /** The wait without jitter. */
    private Duration full(int attempts) {
        return backoff.after(attempts, 0);
    }

    @Test
    void theFirstFailureWaitsTheFirstBackoff() {
        assertThat(full(1)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void eachFurtherFailureDoublesTheWait() {
        assertThat(full(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(full(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(full(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(full(9)).isEqualTo(Duration.ofSeconds(2_560));
    }

    @Test
    void theWaitIsCappedAtTheMaximumOnceDoublingWouldPassIt() {
        assertThat(full(10)).as("5,120 s would pass one hour").isEqualTo(MAX);
        assertThat(full(11)).isEqualTo(MAX);
    }

    @Test
    void manyFailuresStayAtTheMaximumWithoutOverflowing() {
        assertThat(full(20)).isEqualTo(MAX);
        assertThat(full(64)).isEqualTo(MAX);
        assertThat(full(1_000)).isEqualTo(MAX);
        assertThat(full(Integer.MAX_VALUE)).isEqualTo(MAX);
    }

    @Test
    void aFirstBackoffLongerThanTheMaximumIsCappedFromTheStart() {
        assertThat(new Backoff(Duration.ofHours(2), MAX).after(1, 0)).isEqualTo(MAX);
    }

    @Test
    void noAttemptCountedYetWaitsTheFirstBackoff() {
        assertThat(full(0)).isEqualTo(FIRST);
        assertThat(full(-3)).isEqualTo(FIRST);
    }

    @Test
    void jitterTakesOffAShareOfTheFullWaitInProportionToTheRandomValue() {
        assertThat(backoff.after(1, 0.5)).isEqualTo(Duration.ofSeconds(9));
        assertThat(backoff.after(3, 0.25)).isEqualTo(Duration.ofSeconds(38));
        assertThat(backoff.after(20, 0.5)).isEqualTo(Duration.ofMinutes(54));
    }

    @Test
    void jitterNeverTakesOffMoreThanTwentyPercent() {
        for (int attempts = 1; attempts <= 60; attempts++) {
            Duration full = full(attempts);
            Duration least = full.multipliedBy(4).dividedBy(5);
            for (double random : new double[] {0, 0.3, 0.999_999, 1}) {
                Duration wait = backoff.after(attempts, random);

                assertThat(wait).as("attempt %d, random %s", attempts, random)
                        .isBetween(least, full)
                        .isPositive();
            }
        }
    }

    @Test
    void theRandomWaitIsWithinTheJitterBand() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.after(2)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(20));
        }
    }
}
