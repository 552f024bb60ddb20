package io.headroom.distribution.limit;

import io.headroom.common.ratelimit.RateLimitStatus;

/**
 * Whether a distribution of {@code messages} messages fits, all or nothing, in what is left of
 * the day's and the month's allowance (spec/distribution-service.md §3), and the window the
 * rate-limit headers describe. A pure decision: the caller holds the account's lock and counts.
 */
public final class Allowance {

    /** The rate-limit type of these limits in headers and problems. */
    public static final String TYPE = "distribution_messages";

    /**
     * The decision: {@code accepted} or not, the binding (or refusing) period, {@code day} or
     * {@code month}, and its window's status; both null when the account is unlimited.
     */
    public record Verdict(boolean accepted, String period, RateLimitStatus status) {
    }

    private Allowance() {
    }

    /**
     * @param usedToday     messages already counted today
     * @param usedThisMonth messages already counted this month
     */
    public static Verdict decide(DistributionLimits limits, CalendarPeriods periods, long usedToday,
            long usedThisMonth, int messages, long nowMillis) {
        Window day = new Window(limits.perDay(), usedToday, periods.day());
        Window month = new Window(limits.perMonth(), usedThisMonth, periods.month());
        // the month first: when it is spent, waiting for tomorrow does not help
        if (!month.fits(messages)) {
            return new Verdict(false, "month", month.status(0, true, nowMillis));
        }
        if (!day.fits(messages)) {
            return new Verdict(false, "day", day.status(0, true, nowMillis));
        }
        Window binding = binding(day, month, messages);
        return binding == null ? new Verdict(true, null, null)
                : new Verdict(true, binding.period().name(), binding.status(messages, false, nowMillis));
    }

    /** The limited window with the fewest messages left after these; the day on a tie (it resets first). */
    private static Window binding(Window day, Window month, int messages) {
        if (day.unlimited()) {
            return month.unlimited() ? null : month;
        }
        if (month.unlimited()) {
            return day;
        }
        return month.remainingAfter(messages) < day.remainingAfter(messages) ? month : day;
    }

    private record Window(long limit, long used, CalendarPeriods.Period period) {

        boolean unlimited() {
            return limit == DistributionLimits.UNLIMITED;
        }

        boolean fits(int messages) {
            return unlimited() || used + messages <= limit;
        }

        long remainingAfter(int messages) {
            return Math.max(0, limit - used - messages);
        }

        RateLimitStatus status(int messages, boolean denied, long nowMillis) {
            return new RateLimitStatus(TYPE, limit, remainingAfter(messages), period.end().getEpochSecond(),
                    period.seconds(), denied, nowMillis);
        }
    }
}
