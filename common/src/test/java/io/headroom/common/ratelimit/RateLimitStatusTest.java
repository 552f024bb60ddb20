package io.headroom.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitStatusTest {

    /** 2026-11-18T11:06:40Z. */
    private static final long NOW = 1_795_000_000L;
    private static final long RESET = NOW + 30;

    private static RateLimitStatus status(long remaining, boolean denied, long nowMillis) {
        return new RateLimitStatus("api_calls", 100, remaining, RESET, 60, denied, nowMillis);
    }

    @Test
    void whileSomeRemainTheNextRequestCanBeMadeNow() {
        assertThat(status(57, false, NOW * 1000 + 400).retryAt()).isEqualTo(NOW);
    }

    @Test
    void whenNoneRemainTheNextRequestWaitsForTheReset() {
        assertThat(status(0, false, NOW * 1000 + 400).retryAt()).isEqualTo(RESET);
    }

    @Test
    void aRefusedRequestRetriesAtTheResetEvenIfSomeRemainForSmallerCosts() {
        assertThat(status(0, true, NOW * 1000).retryAt()).isEqualTo(RESET);
        assertThat(status(5, true, NOW * 1000).retryAt()).isEqualTo(RESET);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheResetRoundedUp() {
        assertThat(status(0, true, NOW * 1000).retryAfterSeconds()).isEqualTo(30);
        assertThat(status(0, true, NOW * 1000 + 1).retryAfterSeconds()).isEqualTo(30);
        assertThat(status(0, true, NOW * 1000 + 999).retryAfterSeconds()).isEqualTo(30);
        assertThat(status(0, true, NOW * 1000 + 1_000).retryAfterSeconds()).isEqualTo(29);
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        assertThat(status(0, true, RESET * 1000 - 1).retryAfterSeconds()).isEqualTo(1);
        assertThat(status(0, true, RESET * 1000).retryAfterSeconds()).isEqualTo(1);
        assertThat(status(0, true, RESET * 1000 + 5_000).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void secondsToResetRoundUpAndAreZeroOnceTheWindowHasReset() {
        assertThat(status(3, false, NOW * 1000 + 400).secondsToReset()).isEqualTo(30);
        assertThat(status(3, false, RESET * 1000 - 1).secondsToReset()).isEqualTo(1);
        assertThat(status(3, false, RESET * 1000).secondsToReset()).isZero();
        assertThat(status(3, false, RESET * 1000 + 5_000).secondsToReset()).isZero();
    }
}
