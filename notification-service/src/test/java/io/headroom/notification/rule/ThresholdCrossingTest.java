package io.headroom.notification.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which thresholds a reading newly reaches (spec: notification-service §2), without a container. */
class ThresholdCrossingTest {

    private static final List<Integer> FIFTY_EIGHTY_HUNDRED = List.of(50, 80, 100);

    @Test
    void aJumpFromFortyToAHundredPercentReachesFiftyEightyAndHundredAndNamesTheHundred() {
        ThresholdCrossing.Outcome forty = ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED, 40, 100);
        assertThat(forty.newlyReached()).isEmpty();

        ThresholdCrossing.Outcome hundred = ThresholdCrossing.evaluate(forty.after(), FIFTY_EIGHTY_HUNDRED, 100, 100);

        assertThat(hundred.newlyReached()).containsExactly(50, 80, 100);
        assertThat(hundred.after().reached()).containsExactlyInAnyOrder(50, 80, 100);
        assertThat(hundred.after().rearms()).isZero();
    }

    @Test
    void usageGrowingOneStepAtATimeReachesEachThresholdOnceAtItsStep() {
        PeriodState state = PeriodState.FRESH;
        Map<Long, List<Integer>> newlyAt = new LinkedHashMap<>();
        List<Integer> notified = new ArrayList<>();
        for (long used : new long[] {10, 49, 50, 51, 79, 80, 99, 100, 120, 120}) {
            ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(state, FIFTY_EIGHTY_HUNDRED, used, 100);
            newlyAt.put(used, outcome.newlyReached());
            notified.addAll(outcome.newlyReached());
            state = outcome.after();
        }

        assertThat(notified).containsExactly(50, 80, 100);
        assertThat(newlyAt.get(50L)).containsExactly(50);
        assertThat(newlyAt.get(80L)).containsExactly(80);
        assertThat(newlyAt.get(100L)).containsExactly(100);
        assertThat(state.reached()).containsExactlyInAnyOrder(50, 80, 100);
        assertThat(state.rearms()).isZero();
    }

    @Test
    void aReadingAlreadyAppliedNotifiesNothingAgain() {
        ThresholdCrossing.Outcome first = ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED, 85, 100);
        ThresholdCrossing.Outcome again = ThresholdCrossing.evaluate(first.after(), FIFTY_EIGHTY_HUNDRED, 85, 100);

        assertThat(first.newlyReached()).containsExactly(50, 80);
        assertThat(again.newlyReached()).isEmpty();
        assertThat(again.after()).isEqualTo(first.after());
    }

    @Test
    void aLimitOfZeroNeverReachesAThreshold() {
        ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED,
                1_000_000, 0);

        assertThat(outcome.newlyReached()).isEmpty();
        assertThat(outcome.after().reached()).isEmpty();
        assertThat(outcome.after().rearms()).isZero();
        assertThat(ThresholdCrossing.reaches(1_000_000, 0, 1)).isFalse();
        assertThat(ThresholdCrossing.reaches(0, 0, 100)).isFalse();
    }

    @Test
    void aLimitBecomingZeroReArmsTheNotifiedThresholds() {
        PeriodState notified = new PeriodState(Set.of(50, 80), 0);

        ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(notified, FIFTY_EIGHTY_HUNDRED, 90, 0);

        assertThat(outcome.newlyReached()).isEmpty();
        assertThat(outcome.after().reached()).isEmpty();
        assertThat(outcome.after().rearms()).isEqualTo(1);
    }

    @Test
    void aRaisedLimitReArmsTheThresholdsItBringsUsageUnderAndKeepsThoseStillReached() {
        PeriodState notified = new PeriodState(Set.of(50, 80, 100), 2);

        // 170 of 200 is 85 %: 50 and 80 are still reached, 100 is not any more
        ThresholdCrossing.Outcome raised = ThresholdCrossing.evaluate(notified, FIFTY_EIGHTY_HUNDRED, 170, 200);

        assertThat(raised.newlyReached()).isEmpty();
        assertThat(raised.after().reached()).containsExactlyInAnyOrder(50, 80);
        assertThat(raised.after().rearms()).isEqualTo(3);

        ThresholdCrossing.Outcome full = ThresholdCrossing.evaluate(raised.after(), FIFTY_EIGHTY_HUNDRED, 200, 200);

        assertThat(full.newlyReached()).containsExactly(100);
        assertThat(full.after().reached()).containsExactlyInAnyOrder(50, 80, 100);
        assertThat(full.after().rearms()).isEqualTo(3);
    }

    @Test
    void aRaisedLimitBringingUsageUnderEveryThresholdReArmsThemAllSoTheyNotifyAgain() {
        ThresholdCrossing.Outcome at85 = ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED, 85, 100);
        ThresholdCrossing.Outcome raised = ThresholdCrossing.evaluate(at85.after(), FIFTY_EIGHTY_HUNDRED, 85, 200);
        ThresholdCrossing.Outcome again = ThresholdCrossing.evaluate(raised.after(), FIFTY_EIGHTY_HUNDRED, 170, 200);

        assertThat(raised.newlyReached()).isEmpty();
        assertThat(raised.after().reached()).isEmpty();
        assertThat(raised.after().rearms()).isEqualTo(1);
        assertThat(again.newlyReached()).containsExactly(50, 80);
        assertThat(again.after().rearms()).isEqualTo(1);
    }

    @Test
    void aReadingThatStillReachesEveryNotifiedThresholdDoesNotReArm() {
        PeriodState notified = new PeriodState(Set.of(50, 80), 4);

        ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(notified, FIFTY_EIGHTY_HUNDRED, 170, 200);

        assertThat(outcome.newlyReached()).isEmpty();
        assertThat(outcome.after().reached()).containsExactlyInAnyOrder(50, 80);
        assertThat(outcome.after().rearms()).isEqualTo(4);
    }

    @Test
    void aThresholdIsReachedExactlyAtItsPercentageNotBefore() {
        assertThat(ThresholdCrossing.reaches(79, 100, 80)).isFalse();
        assertThat(ThresholdCrossing.reaches(80, 100, 80)).isTrue();
        assertThat(ThresholdCrossing.reaches(799, 1000, 80)).isFalse();
        assertThat(ThresholdCrossing.reaches(800, 1000, 80)).isTrue();
        assertThat(ThresholdCrossing.evaluate(PeriodState.FRESH, List.of(80), 79, 100).newlyReached()).isEmpty();
        assertThat(ThresholdCrossing.evaluate(PeriodState.FRESH, List.of(80), 80, 100).newlyReached())
                .containsExactly(80);
    }

    @Test
    void oneOfThreeIsThirtyThreePercentNotThirtyFour() {
        assertThat(ThresholdCrossing.reaches(1, 3, 33)).isTrue();
        assertThat(ThresholdCrossing.reaches(1, 3, 34)).isFalse();
        assertThat(ThresholdCrossing.percent(1, 3)).isEqualTo(33);
        assertThat(ThresholdCrossing.evaluate(PeriodState.FRESH, List.of(33, 34), 1, 3).newlyReached())
                .containsExactly(33);
    }

    @Test
    void percentRoundsDown() {
        assertThat(ThresholdCrossing.percent(2, 3)).isEqualTo(66);
        assertThat(ThresholdCrossing.percent(79, 100)).isEqualTo(79);
        assertThat(ThresholdCrossing.percent(999, 1000)).isEqualTo(99);
        assertThat(ThresholdCrossing.percent(0, 100)).isZero();
        assertThat(ThresholdCrossing.percent(150, 100)).isEqualTo(150);
    }

    @Test
    void anUnlimitedMetricIsZeroPercent() {
        assertThat(ThresholdCrossing.percent(5_000, 0)).isZero();
    }

    @Test
    void hugeCountsDoNotOverflow() {
        long max = Long.MAX_VALUE;
        long beyondNaive = 100_000_000_000_000_000L; // times 100 overflows a long

        assertThat(ThresholdCrossing.reaches(max, max, 100)).isTrue();
        assertThat(ThresholdCrossing.reaches(max - 1, max, 100)).isFalse();
        assertThat(ThresholdCrossing.reaches(max / 2 + 1, max, 50)).isTrue();
        assertThat(ThresholdCrossing.reaches(max / 2, max, 50)).isFalse();
        assertThat(ThresholdCrossing.reaches(max, 1, 100)).isTrue();
        assertThat(ThresholdCrossing.reaches(1, max, 1)).isFalse();
        assertThat(ThresholdCrossing.reaches(beyondNaive, beyondNaive, 100)).isTrue();
        assertThat(ThresholdCrossing.reaches(beyondNaive - 1, beyondNaive, 100)).isFalse();

        assertThat(ThresholdCrossing.percent(max, max)).isEqualTo(100);
        assertThat(ThresholdCrossing.percent(max - 1, max)).isEqualTo(99);
        assertThat(ThresholdCrossing.percent(max / 2, max)).isEqualTo(49);
        assertThat(ThresholdCrossing.percent(beyondNaive, beyondNaive)).isEqualTo(100);
        assertThat(ThresholdCrossing.percent(beyondNaive, beyondNaive * 2)).isEqualTo(50);

        assertThat(ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED, max, max).newlyReached())
                .containsExactly(50, 80, 100);
        assertThat(ThresholdCrossing.evaluate(PeriodState.FRESH, FIFTY_EIGHTY_HUNDRED, max - 1, max).newlyReached())
                .containsExactly(50, 80);
    }

    @Test
    void aHugeCountFarAboveATinyLimitIsAHugePositivePercentage() {
        // used ÷ limit × 100 does not fit a long: the answer must still be a percentage above 100, not wrap around
        assertThat(ThresholdCrossing.percent(Long.MAX_VALUE, 1)).isGreaterThanOrEqualTo(100);
        assertThat(ThresholdCrossing.percent(Long.MAX_VALUE / 10, 1)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void thresholdsGivenUnsortedOrTwiceAreEachReachedOnceInAscendingOrder() {
        ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(PeriodState.FRESH, List.of(100, 50, 80, 50, 100),
                100, 100);

        assertThat(outcome.newlyReached()).containsExactly(50, 80, 100);
        assertThat(outcome.after().reached()).containsExactlyInAnyOrder(50, 80, 100);
    }

    @Test
    void noThresholdsReachNothing() {
        ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(PeriodState.FRESH, List.of(), 100, 100);

        assertThat(outcome.newlyReached()).isEmpty();
        assertThat(outcome.after()).isEqualTo(PeriodState.FRESH);
    }
}
