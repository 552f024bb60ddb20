package io.headroom.notification.rule;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What was notified in one period of one metric: the thresholds reached (and notified) and how
 * often a raised limit re-armed thresholds. A threshold's business key includes {@code rearms}, so
 * that it may notify again after a re-arm but never twice in one round.
 */
public record PeriodState(Set<Integer> reached, int rearms) {

    public static final PeriodState FRESH = new PeriodState(Set.of(), 0);

    public PeriodState {
        reached = Set.copyOf(reached);
    }

    /** The stored form: "50,80". */
    public String reachedText() {
        return new TreeSet<>(reached).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static PeriodState of(String reachedText, int rearms) {
        if (reachedText == null || reachedText.isBlank()) {
            return new PeriodState(Set.of(), rearms);
        }
        return new PeriodState(Arrays.stream(reachedText.split(",")).map(Integer::valueOf)
                .collect(Collectors.toSet()), rearms);
    }
}
