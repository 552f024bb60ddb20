package io.headroom.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LocalManagementLimiterTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(String now) {
            this.now = Instant.parse(now);
        }

        void set(String instant) {
            now = Instant.parse(instant);
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final TestClock clock = new TestClock("2026-11-21T10:00:10Z");
    private final LocalManagementLimiter limiter = new LocalManagementLimiter(clock);

    private RateLimitStatus take(String caller, long limit, long windowSeconds) {
        return limiter.take(caller, limit, windowSeconds).await().indefinitely();
    }

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void aCallerGetsTheLimitInAWindowAndIsThenRefused() {
        assertThat(take("account:acc_1", 3, 60).remaining()).isEqualTo(2);
        assertThat(take("account:acc_1", 3, 60).remaining()).isEqualTo(1);
        RateLimitStatus last = take("account:acc_1", 3, 60);
        RateLimitStatus refused = take("account:acc_1", 3, 60);

        assertThat(last.denied()).isFalse();
        assertThat(last.remaining()).isZero();
        assertThat(refused.denied()).isTrue();
        assertThat(refused.remaining()).isZero();
    }

    @Test
    void theStatusDescribesTheCallersWindow() {
        RateLimitStatus status = take("account:acc_1", 600, 60);

        assertThat(status).isEqualTo(new RateLimitStatus("api_calls", 600, 599, epoch("2026-11-21T10:01:00Z"), 60,
                false, Instant.parse("2026-11-21T10:00:10Z").toEpochMilli()));
        assertThat(status.retryAt()).isEqualTo(epoch("2026-11-21T10:00:10Z"));
    }

    @Test
    void windowsAreAlignedToTheClock() {
        clock.set("2026-11-21T10:00:59.999Z");
        assertThat(take("a", 10, 60).resetAt()).isEqualTo(epoch("2026-11-21T10:01:00Z"));

        clock.set("2026-11-21T10:00:07.500Z");
        assertThat(take("b", 10, 5).resetAt()).isEqualTo(epoch("2026-11-21T10:00:10Z"));
    }

    @Test
    void aRefusalSaysHowLongToWait() {
        clock.set("2026-11-21T10:00:15.200Z");
        take("a", 1, 60);

        RateLimitStatus refused = take("a", 1, 60);

        assertThat(refused.denied()).isTrue();
        assertThat(refused.retryAt()).isEqualTo(epoch("2026-11-21T10:01:00Z"));
        assertThat(refused.retryAfterSeconds()).isEqualTo(45);
    }

    @Test
    void refusalsKeepRefusingUntilTheWindowEnds() {
        take("a", 2, 60);
        take("a", 2, 60);
        for (int i = 0; i < 5; i++) {
            assertThat(take("a", 2, 60).denied()).isTrue();
        }

        clock.set("2026-11-21T10:00:59.999Z");
        assertThat(take("a", 2, 60).denied()).isTrue();
    }

    @Test
    void theNextWindowStartsAfreshHoweverManyWereRefused() {
        take("a", 2, 60);
        take("a", 2, 60);
        take("a", 2, 60);
        take("a", 2, 60);

        clock.set("2026-11-21T10:01:00Z");
        RateLimitStatus first = take("a", 2, 60);
        RateLimitStatus second = take("a", 2, 60);

        assertThat(first.denied()).isFalse();
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(second.denied()).isFalse();
        assertThat(take("a", 2, 60).denied()).isTrue();
    }

    @Test
    void eachCallerHasItsOwnWindow() {
        take("account:acc_1", 1, 60);

        assertThat(take("account:acc_1", 1, 60).denied()).isTrue();
        assertThat(take("account:acc_2", 1, 60).denied()).isFalse();
        assertThat(take("subject:svc", 1, 60).denied()).isFalse();
    }

    @Test
    void forgettingEndedWindowsKeepsTheCurrentOnes() {
        take("a", 2, 60);
        take("a", 2, 60);

        limiter.forgetEnded();

        assertThat(take("a", 2, 60).denied()).isTrue();
    }

    @Test
    void aForgottenWindowIsNotMissedInTheNextOne() {
        take("a", 1, 60);
        clock.advance(Duration.ofMinutes(2));

        limiter.forgetEnded();

        assertThat(take("a", 1, 60).denied()).isFalse();
        assertThat(take("a", 1, 60).denied()).isTrue();
    }
}
