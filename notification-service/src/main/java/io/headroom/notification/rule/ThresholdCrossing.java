package io.headroom.notification.rule;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which thresholds a usage reading newly reaches (spec: notification-service §2). A
 * threshold {@code t} is reached when {@code used ÷ limit ≥ t %}; a limit of 0 (unlimited) reaches
 * none. A notified threshold that the reading no longer reaches (a raised limit) is re-armed, and
 * the round goes up, so reaching it again notifies again.
 */
public final class ThresholdCrossing {

    private static final long SAFE = Long.MAX_VALUE / 100;
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private ThresholdCrossing() {
    }

    /** The state after the reading, and the thresholds to notify (ascending; empty: none). */
    public record Outcome(PeriodState after, List<Integer> newlyReached) {
    }

    public static Outcome evaluate(PeriodState before, List<Integer> thresholds, long used, long limit) {
        Set<Integer> reached = new HashSet<>();
        boolean rearmed = false;
        for (int threshold : before.reached()) {
            if (reaches(used, limit, threshold)) {
                reached.add(threshold);
            } else {
                rearmed = true;
            }
        }
        List<Integer> newly = thresholds.stream().sorted().distinct()
                .filter(threshold -> !reached.contains(threshold) && reaches(used, limit, threshold)).toList();
        reached.addAll(newly);
        return new Outcome(new PeriodState(reached, before.rearms() + (rearmed ? 1 : 0)), newly);
    }

    /** {@code used ÷ limit ≥ percent %}, exactly, without overflow. */
    public static boolean reaches(long used, long limit, int percent) {
        if (limit <= 0) {
            return false;
        }
        if (used <= SAFE && limit <= SAFE) {
            return used * 100 >= limit * percent;
        }
        return BigInteger.valueOf(used).multiply(HUNDRED)
                .compareTo(BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    /** The whole percentage used (rounded down), 0 for an unlimited metric. */
    public static long percent(long used, long limit) {
        if (limit <= 0) {
            return 0;
        }
        if (used <= SAFE) {
            return used * 100 / limit;
        }
        BigInteger percent = BigInteger.valueOf(used).multiply(HUNDRED).divide(BigInteger.valueOf(limit));
        return percent.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }
}
