package io.headroom.notification.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The stored form of what a period notified: {@code reached} as "50,80", and {@code rearms}. */
class PeriodStateTest {

    @Test
    void reachedTextListsTheThresholdsAscending() {
        PeriodState state = new PeriodState(new HashSet<>(List.of(80, 50)), 1);

        assertThat(state.reachedText()).isEqualTo("50,80");
    }

    @Test
    void reachedTextSortsNumericallyNotAsText() {
        assertThat(new PeriodState(Set.of(100, 5, 50), 0).reachedText()).isEqualTo("5,50,100");
    }

    @Test
    void theStoredFormReadsBackToTheSameState() {
        PeriodState state = new PeriodState(Set.of(100, 50, 80), 3);

        PeriodState read = PeriodState.of(state.reachedText(), state.rearms());

        assertThat(read).isEqualTo(state);
        assertThat(read.reached()).containsExactlyInAnyOrder(50, 80, 100);
        assertThat(read.rearms()).isEqualTo(3);
    }

    @Test
    void aSingleThresholdHasNoSeparator() {
        assertThat(new PeriodState(Set.of(80), 0).reachedText()).isEqualTo("80");
        assertThat(PeriodState.of("80", 0).reached()).containsExactly(80);
    }

    @Test
    void nothingReachedIsTheEmptyText() {
        assertThat(PeriodState.FRESH.reachedText()).isEmpty();
        assertThat(PeriodState.FRESH.reached()).isEmpty();
        assertThat(PeriodState.FRESH.rearms()).isZero();
    }

    @Test
    void anEmptyOrMissingTextIsNothingReachedKeepingTheRearms() {
        assertThat(PeriodState.of("", 0)).isEqualTo(PeriodState.FRESH);
        assertThat(PeriodState.of(null, 0)).isEqualTo(PeriodState.FRESH);
        PeriodState blank = PeriodState.of("  ", 2);
        assertThat(blank.reached()).isEmpty();
        assertThat(blank.rearms()).isEqualTo(2);
    }

    @Test
    void theReachedSetIsACopy() {
        Set<Integer> given = new HashSet<>(List.of(50));
        PeriodState state = new PeriodState(given, 0);

        given.add(80);

        assertThat(state.reached()).containsExactly(50);
    }
}
