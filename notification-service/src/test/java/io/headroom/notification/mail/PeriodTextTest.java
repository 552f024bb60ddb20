package io.headroom.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/** How e-mails name a period, in the account's time zone; the end of a period is exclusive. */
class PeriodTextTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Instant midnight(int year, int month, int day, ZoneId zone) {
        return ZonedDateTime.of(year, month, day, 0, 0, 0, 0, zone).toInstant();
    }

    @Test
    void aCycleShowsItsFirstAndLastDayInMadrid() {
        String text = PeriodText.describe("cycle", midnight(2026, 11, 1, MADRID), midnight(2026, 12, 1, MADRID),
                MADRID);

        assertThat(text).isEqualTo("the billing cycle 1 Nov 2026 – 30 Nov 2026");
    }

    @Test
    void aCycleShowsItsFirstAndLastDayInUtc() {
        String text = PeriodText.describe("cycle", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), UTC);

        assertThat(text).isEqualTo("the billing cycle 1 Nov 2026 – 30 Nov 2026");
    }

    @Test
    void aCycleAcrossTheEndOfSummerTimeStillEndsOnItsLastDay() {
        // Madrid leaves summer time on 25 Oct 2026: the cycle starts at UTC+2 and ends at UTC+1
        String text = PeriodText.describe("cycle", midnight(2026, 10, 1, MADRID), midnight(2026, 11, 1, MADRID),
                MADRID);

        assertThat(text).isEqualTo("the billing cycle 1 Oct 2026 – 31 Oct 2026");
    }

    @Test
    void aMonthIsNamedByItsStartInTheAccountsZone() {
        assertThat(PeriodText.describe("month", midnight(2026, 11, 1, MADRID), midnight(2026, 12, 1, MADRID), MADRID))
                .isEqualTo("November 2026");
        assertThat(PeriodText.describe("month", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), UTC)).isEqualTo("November 2026");
    }

    @Test
    void aDayIsNamedByItsDateInTheAccountsZone() {
        // Madrid's 21 Nov starts at 23:00 UTC on 20 Nov
        assertThat(PeriodText.describe("day", midnight(2026, 11, 21, MADRID), midnight(2026, 11, 22, MADRID), MADRID))
                .isEqualTo("21 Nov 2026");
        assertThat(PeriodText.describe("day", Instant.parse("2026-11-21T00:00:00Z"),
                Instant.parse("2026-11-22T00:00:00Z"), UTC)).isEqualTo("21 Nov 2026");
    }

    @Test
    void anHourShowsItsClockTimesDateAndZone() {
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        Instant end = Instant.parse("2026-11-21T11:00:00Z");

        assertThat(PeriodText.describe("hour", start, end, UTC))
                .isEqualTo("the hour 10:00–11:00 on 21 Nov 2026 (UTC)");
        assertThat(PeriodText.describe("hour", start, end, MADRID))
                .isEqualTo("the hour 11:00–12:00 on 21 Nov 2026 (Europe/Madrid)");
    }

    @Test
    void theLastHourOfADayEndsAtMidnightAndIsDatedByItsStart() {
        assertThat(PeriodText.describe("hour", Instant.parse("2026-11-21T23:00:00Z"),
                Instant.parse("2026-11-22T00:00:00Z"), UTC)).isEqualTo("the hour 23:00–00:00 on 21 Nov 2026 (UTC)");
    }

    @Test
    void theAccountsZoneIsUsedWhenKnown() {
        assertThat(PeriodText.zone("Europe/Madrid")).isEqualTo(MADRID);
        assertThat(PeriodText.zone("America/New_York")).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void noOrAnUnknownZoneFallsBackToUtc() {
        assertThat(PeriodText.zone(null)).isEqualTo(UTC);
        assertThat(PeriodText.zone("Mars/Olympus_Mons")).isEqualTo(UTC);
        assertThat(PeriodText.zone("not a zone!")).isEqualTo(UTC);
        assertThat(PeriodText.zone("")).isEqualTo(UTC);
    }

    @Test
    void anHourInAnUnknownZoneIsShownInUtc() {
        assertThat(PeriodText.describe("hour", Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T11:00:00Z"), PeriodText.zone("Nowhere/Land")))
                .isEqualTo("the hour 10:00–11:00 on 21 Nov 2026 (UTC)");
    }
}
