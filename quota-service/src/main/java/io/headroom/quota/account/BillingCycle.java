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

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    private static LocalDate anchorIn(YearMonth month, int anchorDay) {
        return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }
}
