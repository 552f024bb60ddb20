package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.ratelimit.RateLimitStatus;

class DecisionTest {

    /** The decision's Redis time: 2026-11-18T11:06:40.400Z. */
    private static final long NOW_MILLIS = 1_795_000_000_400L;
    private static final long NOW = NOW_MILLIS / 1000;
    private static final long CYCLE_START = NOW - 5 * 86_400;
    private static final long CYCLE_END = NOW + 25 * 86_400;

    private static final Window MINUTE = Window.fixed(LimitType.API_CALLS, "hr:{prj_1}:api:m", 100, 60);
    private static final Window HOUR = Window.fixed(LimitType.API_CALLS, "hr:{prj_1}:api:h", 1_000, 3_600);
    private static final Window CYCLE = Window.period(LimitType.API_CALLS_CYCLE, "hr:{prj_1}:cycle", 100_000,
            CYCLE_START, CYCLE_END);
    private static final Window UNLIMITED_CYCLE = Window.period(LimitType.API_CALLS_CYCLE, "hr:{prj_1}:cycle", 0,
            CYCLE_START, CYCLE_END);

    private static WindowCount minute(long used) {
        return new WindowCount(MINUTE, used, NOW + 20);
    }

    private static WindowCount hour(long used) {
        return new WindowCount(HOUR, used, NOW + 1_800);
    }

    private static WindowCount cycle(long used) {
        return new WindowCount(CYCLE, used, CYCLE_END);
    }

    private static Decision allowed(WindowCount... counts) {
        return new Decision(true, true, 1, List.of(counts), NOW_MILLIS);
    }

    private static Decision refused(long cost, WindowCount... counts) {
        return new Decision(false, true, cost, List.of(counts), NOW_MILLIS);
    }

    @Test
    void whenAllowedTheWindowWithFewestRemainingBinds() {
        Decision decision = allowed(minute(40), hour(990), cycle(5));

        assertThat(decision.binding().window()).isEqualTo(HOUR);
    }

    @Test
    void whenAllowedATieOfRemainingGoesToTheShorterWindow() {
        Decision hourFirst = allowed(hour(990), minute(90), cycle(5));
        Decision minuteFirst = allowed(minute(90), hour(990), cycle(5));

        assertThat(hourFirst.binding().window()).isEqualTo(MINUTE);
        assertThat(minuteFirst.binding().window()).isEqualTo(MINUTE);
    }

    @Test
    void anUnlimitedWindowNeverBindsHoweverMuchItCounted() {
        Decision decision = allowed(minute(40), new WindowCount(UNLIMITED_CYCLE, 5_000_000, CYCLE_END));

        assertThat(decision.binding().window()).isEqualTo(MINUTE);
    }

    @Test
    void withoutALimitedWindowNothingBindsAndThereIsNoStatus() {
        Decision decision = allowed(new WindowCount(UNLIMITED_CYCLE, 12, CYCLE_END));

        assertThat(decision.binding()).isNull();
        assertThat(decision.status()).isNull();
    }

    @Test
    void anUnenforcedAnswerHasNoBindingWindow() {
        Decision decision = Decision.unenforced(NOW_MILLIS);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.enforced()).isFalse();
        assertThat(decision.binding()).isNull();
        assertThat(decision.status()).isNull();
    }

    @Test
    void whenRefusedTheExceededWindowThatResetsLastBinds() {
        Decision decision = refused(1, minute(100), hour(500), cycle(100_000));

        assertThat(decision.binding().window()).isEqualTo(CYCLE);
    }

    @Test
    void whenRefusedAWindowWithRoomDoesNotBindEvenIfItResetsLater() {
        Decision decision = refused(1, minute(100), hour(500), cycle(5));

        assertThat(decision.binding().window()).isEqualTo(MINUTE);
    }

    @Test
    void aWindowWithRoomForOneButNotForTheRequestsCostRefusesIt() {
        Decision onlyByCost = refused(10, minute(95), hour(10), cycle(5));

        assertThat(onlyByCost.binding().window()).isEqualTo(MINUTE);
        assertThat(onlyByCost.binding().remaining()).isEqualTo(5);
    }

    @Test
    void aWindowRefusingByCostCompetesOnResetTimeWithAnExhaustedOne() {
        Decision decision = refused(10, minute(100), hour(10), cycle(99_995));

        assertThat(decision.binding().window()).isEqualTo(CYCLE);
    }

    @Test
    void theStatusOfAnAllowedCallDescribesTheBindingWindowAndRetryIsNow() {
        RateLimitStatus status = allowed(minute(43), hour(100), cycle(5)).status();

        assertThat(status).isEqualTo(new RateLimitStatus("api_calls", 100, 57, NOW + 20, 60, false, NOW_MILLIS));
        assertThat(status.retryAt()).isEqualTo(NOW);
    }

    @Test
    void theCallThatTakesTheLastRequestIsAllowedWithNothingRemainingAndRetryAtTheReset() {
        RateLimitStatus status = allowed(minute(100), hour(100), cycle(5)).status();

        assertThat(status.denied()).isFalse();
        assertThat(status.remaining()).isZero();
        assertThat(status.retryAt()).isEqualTo(NOW + 20);
    }

    @Test
    void theStatusOfARefusalIsDeniedWithTheBindingWindowsTypeLengthAndReset() {
        RateLimitStatus status = refused(1, minute(100), cycle(100_000)).status();

        assertThat(status.denied()).isTrue();
        assertThat(status.type()).isEqualTo("api_calls_cycle");
        assertThat(status.limit()).isEqualTo(100_000);
        assertThat(status.remaining()).isZero();
        assertThat(status.windowSeconds()).isEqualTo(CYCLE_END - CYCLE_START);
        assertThat(status.resetAt()).isEqualTo(CYCLE_END);
        assertThat(status.retryAt()).isEqualTo(CYCLE_END);
    }

    @Test
    void aWindowUsedToItsLimitIsExhaustedAnUnlimitedOneNever() {
        assertThat(minute(100).exhausted()).isTrue();
        assertThat(minute(99).exhausted()).isFalse();
        assertThat(new WindowCount(UNLIMITED_CYCLE, 5_000_000, CYCLE_END).exhausted()).isFalse();
    }

    @Test
    void theSameDecisionLaterKeepsItsWindowsAndMovesItsClock() {
        Decision refusal = refused(1, minute(100), cycle(5));

        Decision later = refusal.at(NOW_MILLIS + 10_000, 7);

        assertThat(later.windows()).isEqualTo(refusal.windows());
        assertThat(later.cost()).as("the later call's own cost").isEqualTo(7);
        assertThat(later.allowed()).isFalse();
        assertThat(later.status().retryAfterSeconds()).isEqualTo(10);
        assertThat(refusal.status().retryAfterSeconds()).isEqualTo(20);
    }
}
