package io.headroom.distribution.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/**
 * "Day and month are calendar periods in the account's timezone (UTC by default)"
 * (spec/distribution-service.md §2): each starts at local midnight and ends at the next, so a day
 * lasts 23 or 25 hours across a daylight-saving change, and December's month ends in January.
 */
class CalendarPeriodsTest {

    private static CalendarPeriods at(String instant, String zone) {
        return CalendarPeriods.at(Instant.parse(instant), ZoneId.of(zone));
    }

    private static void assertPeriod(CalendarPeriods.Period period, String name, String start, String end,
            long seconds) {
        assertThat(period.name()).isEqualTo(name);
        assertThat(period.start()).isEqualTo(start);
        assertThat(period.end()).isEqualTo(end);
        assertThat(period.seconds()).isEqualTo(seconds);
    }

    @Test
    void inUtcTheDayAndTheMonthStartAtUtcMidnight() {
        CalendarPeriods periods = at("2026-03-15T12:34:56Z", "UTC");

        assertPeriod(periods.day(), "day", "2026-03-15T00:00:00Z", "2026-03-16T00:00:00Z", 86_400);
        assertPeriod(periods.month(), "month", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", 31 * 86_400);
    }

    @Test
    void midnightBelongsToTheDayItStarts() {
        assertThat(at("2026-03-16T00:00:00Z", "UTC").day().start()).isEqualTo("2026-03-16T00:00:00Z");
        assertThat(at("2026-03-15T23:59:59Z", "UTC").day().start()).isEqualTo("2026-03-15T00:00:00Z");
        assertThat(at("2026-04-01T00:00:00Z", "UTC").month().start()).isEqualTo("2026-04-01T00:00:00Z");
    }

    @Test
    void inTokyoTheDayStartsAtFifteenHundredUtcTheDayBefore() {
        CalendarPeriods periods = at("2026-03-15T16:00:00Z", "Asia/Tokyo"); // 16 March 01:00 JST

        assertPeriod(periods.day(), "day", "2026-03-15T15:00:00Z", "2026-03-16T15:00:00Z", 86_400);
        assertPeriod(periods.month(), "month", "2026-02-28T15:00:00Z", "2026-03-31T15:00:00Z", 31 * 86_400);
    }

    @Test
    void inTokyoTheFirstOfAprilBeginsOnTheThirtyFirstOfMarchInUtc() {
        CalendarPeriods periods = at("2026-03-31T15:00:00Z", "Asia/Tokyo");

        assertPeriod(periods.day(), "day", "2026-03-31T15:00:00Z", "2026-04-01T15:00:00Z", 86_400);
        assertPeriod(periods.month(), "month", "2026-03-31T15:00:00Z", "2026-04-30T15:00:00Z", 30 * 86_400);
    }

    @Test
    void inNewYorkTheSpringDaylightSavingChangeOn2026_03_08GivesA23HourDay() {
        CalendarPeriods periods = at("2026-03-08T12:00:00Z", "America/New_York");

        assertPeriod(periods.day(), "day", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23 * 3_600);
        assertPeriod(periods.month(), "month", "2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z",
                31 * 86_400 - 3_600);
    }

    @Test
    void inNewYorkTheAutumnChangeOn2026_11_01GivesA25HourDay() {
        CalendarPeriods periods = at("2026-11-01T12:00:00Z", "America/New_York");

        assertPeriod(periods.day(), "day", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 25 * 3_600);
    }

    @Test
    void inNewYorkTheDayAfterTheChangeStartsAtFourUtc() {
        CalendarPeriods before = at("2026-03-16T03:59:59Z", "America/New_York");
        CalendarPeriods after = at("2026-03-16T04:00:00Z", "America/New_York");

        assertThat(before.day().start()).isEqualTo("2026-03-15T04:00:00Z");
        assertThat(before.day().end()).isEqualTo("2026-03-16T04:00:00Z");
        assertThat(after.day().start()).isEqualTo("2026-03-16T04:00:00Z");
        assertThat(after.day().end()).isEqualTo("2026-03-17T04:00:00Z");
    }

    @Test
    void decembersMonthEndsOnTheFirstOfJanuary() {
        CalendarPeriods lastSecond = at("2026-12-31T23:59:59Z", "UTC");
        assertPeriod(lastSecond.day(), "day", "2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", 86_400);
        assertPeriod(lastSecond.month(), "month", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31 * 86_400);

        CalendarPeriods newYear = at("2027-01-01T00:00:00Z", "UTC");
        assertPeriod(newYear.month(), "month", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z", 31 * 86_400);
    }

    @Test
    void februaryOf2026Has28Days() {
        assertPeriod(at("2026-02-14T10:00:00Z", "UTC").month(), "month", "2026-02-01T00:00:00Z",
                "2026-03-01T00:00:00Z", 28 * 86_400);
    }
}
