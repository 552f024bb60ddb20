package io.headroom.quota.account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * A billing cycle: from the anchor day of one month, at midnight in the account's zone, to the
 * anchor day of the next. The anchor is 1 to 28, so every month has it; should a larger one ever
 * reach this class, a month too short for it starts its cycle on its last day.
 */
public record BillingCycle(Instant start, Instant end) {

    /** The cycle that contains {@code now}. */
    public static BillingCycle containing(Instant now, int anchorDay, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        YearMonth month = YearMonth.from(today);
        LocalDate start = anchorIn(month, anchorDay);
        if (today.isBefore(start)) {
            start = anchorIn(month.minusMonths(1), anchorDay);
        }
        LocalDate end = anchorIn(YearMonth.from(start).plusMonths(1), anchorDay);
        return new BillingCycle(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    /**
     * Whether two cycle starts, each in its zone, are the same cycle: the same anchor date. After a
     * change of time zone near the anchor day, "now" can lie in last month's cycle of one zone and
     * this month's of the other; those are different cycles and their counts stay apart.
     */
    public static boolean sameCycle(Instant start, ZoneId zone, Instant otherStart, ZoneId otherZone) {
        return start.atZone(zone).toLocalDate().equals(otherStart.atZone(otherZone).toLocalDate());
    }

    private static LocalDate anchorIn(YearMonth month, int anchorDay) {
        return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }
}
