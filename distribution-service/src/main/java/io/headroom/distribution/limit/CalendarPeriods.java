package io.headroom.distribution.limit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar day and month an instant falls in, in the account's timezone (spec: "Day and month
 * are calendar periods in the account's timezone"). Each starts at local midnight, so a day may be
 * 23 or 25 hours long across a daylight-saving change.
 */
public record CalendarPeriods(Period day, Period month) {

    /** A period [start, end). */
    public record Period(String name, Instant start, Instant end) {

        public long seconds() {
            return end.getEpochSecond() - start.getEpochSecond();
        }
    }

    public static CalendarPeriods at(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        return new CalendarPeriods(
                new Period("day", midnight(today, zone), midnight(today.plusDays(1), zone)),
                new Period("month", midnight(firstOfMonth, zone), midnight(firstOfMonth.plusMonths(1), zone)));
    }

    private static Instant midnight(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant(); // the first valid instant of the day, also in a DST gap
    }
}
