package io.headroom.quota.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class BillingCycleTest {

    private static BillingCycle utc(String now, int anchor) {
        return BillingCycle.containing(Instant.parse(now), anchor, ZoneOffset.UTC);
    }

    @Test
    void aCycleRunsFromTheAnchorDayToTheSameDayNextMonth() {
        BillingCycle cycle = utc("2026-03-10T12:00:00Z", 15);

        assertThat(cycle.start()).isEqualTo(Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(cycle.end()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }

    @Test
    void theAnchorDaysMidnightStartsTheNextCycle() {
        assertThat(utc("2026-03-14T23:59:59Z", 15).end()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(utc("2026-03-15T00:00:00Z", 15).start()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }

    @Test
    void anchor28WorksThroughFebruaryInCommonAndLeapYears() {
        assertThat(utc("2027-03-01T00:00:00Z", 28))
                .isEqualTo(new BillingCycle(Instant.parse("2027-02-28T00:00:00Z"), Instant.parse("2027-03-28T00:00:00Z")));
        assertThat(utc("2028-02-29T10:00:00Z", 28))
                .isEqualTo(new BillingCycle(Instant.parse("2028-02-28T00:00:00Z"), Instant.parse("2028-03-28T00:00:00Z")));
    }

    @Test
    void anAnchorLaterThanAShortMonthStartsOnThatMonthsLastDay() {
        BillingCycle cycle = utc("2026-03-05T00:00:00Z", 31);

        assertThat(cycle.start()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(cycle.end()).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
    }

    @Test
    void theCycleCrossesTheYear() {
        assertThat(utc("2027-01-03T00:00:00Z", 20))
                .isEqualTo(new BillingCycle(Instant.parse("2026-12-20T00:00:00Z"), Instant.parse("2027-01-20T00:00:00Z")));
    }

    @Test
    void boundariesAreMidnightInTheAccountsZone() {
        BillingCycle cycle = BillingCycle.containing(Instant.parse("2026-03-14T23:30:00Z"), 15,
                ZoneId.of("Europe/Madrid"));

        assertThat(cycle.start()).isEqualTo(Instant.parse("2026-03-14T23:00:00Z"));
        assertThat(cycle.end()).isEqualTo(Instant.parse("2026-04-14T22:00:00Z"));
    }

    @Test
    void aNewZoneNearTheAnchorDayMayPutNowInAnotherCycleWhoseCountIsNotMoved() {
        Instant now = Instant.parse("2026-11-21T02:00:00Z");
        ZoneId newYork = ZoneId.of("America/New_York");
        ZoneId utc = ZoneId.of("UTC");
        Instant inNewYork = BillingCycle.containing(now, 21, newYork).start(); // still Nov 20 there: Oct 21's cycle
        Instant inUtc = BillingCycle.containing(now, 21, utc).start(); // Nov 21: a new cycle

        assertThat(inNewYork).isEqualTo(Instant.parse("2026-10-21T04:00:00Z"));
        assertThat(inUtc).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(BillingCycle.sameCycle(inNewYork, newYork, inUtc, utc)).isFalse();
        Instant later = Instant.parse("2026-11-25T12:00:00Z"); // the same cycle, starting at each zone's midnight
        assertThat(BillingCycle.sameCycle(BillingCycle.containing(later, 21, newYork).start(), newYork,
                BillingCycle.containing(later, 21, utc).start(), utc)).isTrue();
    }
}
