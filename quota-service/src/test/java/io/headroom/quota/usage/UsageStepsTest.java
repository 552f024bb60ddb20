package io.headroom.quota.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.quota.usage.UsageViews.HistoryPoint;

class UsageStepsTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static HistoryPoint hour(String start, long allowed, long denied) {
        return new HistoryPoint(at(start), allowed, denied);
    }

    /** One row per hour in [from, to), each with 1 allowed and 2 denied. */
    private static List<HistoryPoint> everyHour(String from, String to) {
        List<HistoryPoint> hours = new ArrayList<>();
        for (Instant h = at(from); h.isBefore(at(to)); h = h.plus(Duration.ofHours(1))) {
            hours.add(new HistoryPoint(h, 1, 2));
        }
        return hours;
    }

    @Test
    void hourStepsCoverEveryHourAndFillGapsWithZeros() {
        List<HistoryPoint> steps = UsageService.steps(List.of(
                hour("2026-11-20T10:00:00Z", 3, 1),
                hour("2026-11-20T12:00:00Z", 5, 0)),
                at("2026-11-20T09:00:00Z"), at("2026-11-20T14:00:00Z"), false, UTC);

        assertThat(steps).containsExactly(
                hour("2026-11-20T09:00:00Z", 0, 0),
                hour("2026-11-20T10:00:00Z", 3, 1),
                hour("2026-11-20T11:00:00Z", 0, 0),
                hour("2026-11-20T12:00:00Z", 5, 0),
                hour("2026-11-20T13:00:00Z", 0, 0));
    }

    @Test
    void rowsOutsideTheRangeAreLeftOutAndToIsExclusive() {
        List<HistoryPoint> steps = UsageService.steps(List.of(
                hour("2026-11-20T08:00:00Z", 7, 7),
                hour("2026-11-20T09:00:00Z", 1, 0),
                hour("2026-11-20T11:00:00Z", 9, 9)),
                at("2026-11-20T09:00:00Z"), at("2026-11-20T11:00:00Z"), false, UTC);

        assertThat(steps).containsExactly(
                hour("2026-11-20T09:00:00Z", 1, 0),
                hour("2026-11-20T10:00:00Z", 0, 0));
    }

    @Test
    void withoutRowsEveryStepIsZero() {
        List<HistoryPoint> steps = UsageService.steps(List.of(), at("2026-11-20T00:00:00Z"),
                at("2026-11-21T00:00:00Z"), false, UTC);

        assertThat(steps).hasSize(24).allSatisfy(p -> {
            assertThat(p.allowed()).isZero();
            assertThat(p.denied()).isZero();
        });
    }

    @Test
    void dayStepsInUtcSumTheirTwentyFourHours() {
        List<HistoryPoint> steps = UsageService.steps(everyHour("2026-11-19T00:00:00Z", "2026-11-21T00:00:00Z"),
                at("2026-11-19T00:00:00Z"), at("2026-11-21T00:00:00Z"), true, UTC);

        assertThat(steps).containsExactly(
                hour("2026-11-19T00:00:00Z", 24, 48),
                hour("2026-11-20T00:00:00Z", 24, 48));
    }

    @Test
    void dayStepsStartAtLocalMidnightAndTheDayTheClocksGoBackHas25Hours() {
        // 2026-10-25 in Berlin: 00:00 CEST = 2026-10-24T22:00Z; it ends at 00:00 CET = 2026-10-25T23:00Z
        List<HistoryPoint> steps = UsageService.steps(everyHour("2026-10-24T20:00:00Z", "2026-10-27T01:00:00Z"),
                at("2026-10-24T22:00:00Z"), at("2026-10-26T23:00:00Z"), true, BERLIN);

        assertThat(steps).extracting(HistoryPoint::start, HistoryPoint::allowed, HistoryPoint::denied).containsExactly(
                tuple(at("2026-10-24T22:00:00Z"), 25L, 50L),
                tuple(at("2026-10-25T23:00:00Z"), 24L, 48L));
    }

    @Test
    void theHoursAroundLocalMidnightGoToTheirOwnDay() {
        List<HistoryPoint> steps = UsageService.steps(List.of(
                hour("2026-10-24T21:00:00Z", 1, 0), // 23:00 CEST on the 24th: before the range
                hour("2026-10-24T22:00:00Z", 10, 0), // 00:00 CEST on the 25th
                hour("2026-10-25T00:00:00Z", 100, 0), // 02:00 CEST on the 25th
                hour("2026-10-25T01:00:00Z", 1_000, 0), // 02:00 CET on the 25th, the repeated hour
                hour("2026-10-25T22:00:00Z", 10_000, 0), // 23:00 CET on the 25th
                hour("2026-10-25T23:00:00Z", 100_000, 0)), // 00:00 CET on the 26th
                at("2026-10-24T22:00:00Z"), at("2026-10-26T23:00:00Z"), true, BERLIN);

        assertThat(steps).extracting(HistoryPoint::allowed).containsExactly(11_110L, 100_000L);
    }

    @Test
    void theDayTheClocksGoForwardHas23Hours() {
        // 2026-03-29 in Berlin: 00:00 CET = 2026-03-28T23:00Z; it ends at 00:00 CEST = 2026-03-29T22:00Z
        List<HistoryPoint> steps = UsageService.steps(everyHour("2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"),
                at("2026-03-28T23:00:00Z"), at("2026-03-30T22:00:00Z"), true, BERLIN);

        assertThat(steps).extracting(HistoryPoint::start, HistoryPoint::allowed).containsExactly(
                tuple(at("2026-03-28T23:00:00Z"), 23L),
                tuple(at("2026-03-29T22:00:00Z"), 24L));
    }

    @Test
    void anEmptyRangeHasNoSteps() {
        assertThat(UsageService.steps(List.of(hour("2026-11-20T10:00:00Z", 3, 1)), at("2026-11-20T10:00:00Z"),
                at("2026-11-20T10:00:00Z"), false, UTC)).isEmpty();
    }
}
