package io.headroom.distribution.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.headroom.common.ratelimit.RateLimitStatus;

/**
 * The all-or-nothing decision of spec/distribution-service.md §3 and the window the rate-limit
 * headers of spec/conventions.md describe: a distribution fits only if all of its messages fit in
 * both the day and the month; a refusal names the month first (waiting for tomorrow does not help);
 * an acceptance names the window with fewer left; an unlimited account has no window.
 */
class AllowanceTest {

    private static final Instant NOON = Instant.parse("2026-03-15T12:00:00Z");
    private static final CalendarPeriods PERIODS = CalendarPeriods.at(NOON, ZoneId.of("UTC"));
    private static final long DAY_END = Instant.parse("2026-03-16T00:00:00Z").getEpochSecond();
    private static final long MONTH_END = Instant.parse("2026-04-01T00:00:00Z").getEpochSecond();
    private static final DistributionLimits TRIAL = new DistributionLimits(10, 100, true);

    private static Allowance.Verdict decide(DistributionLimits limits, long today, long thisMonth, int messages) {
        return Allowance.decide(limits, PERIODS, today, thisMonth, messages, NOON.toEpochMilli());
    }

    @Test
    void threeMessagesWithSevenOfTenUsedFitExactlyAndLeaveNothing() {
        Allowance.Verdict verdict = decide(TRIAL, 7, 7, 3);

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.period()).isEqualTo("day");
        RateLimitStatus status = verdict.status();
        assertThat(status.type()).isEqualTo("distribution_messages");
        assertThat(status.limit()).isEqualTo(10);
        assertThat(status.remaining()).isZero();
        assertThat(status.denied()).isFalse();
        assertThat(status.resetAt()).isEqualTo(DAY_END);
        assertThat(status.windowSeconds()).isEqualTo(86_400);
        assertThat(status.retryAt()).as("nothing left: the next request waits for the day's end").isEqualTo(DAY_END);
    }

    @Test
    void fourMessagesWithSevenOfTenUsedAreRefusedWholeWithThreeLeft() {
        Allowance.Verdict verdict = decide(TRIAL, 7, 7, 4);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.period()).isEqualTo("day");
        RateLimitStatus status = verdict.status();
        assertThat(status.limit()).isEqualTo(10);
        assertThat(status.remaining()).isEqualTo(3);
        assertThat(status.denied()).isTrue();
        assertThat(status.resetAt()).isEqualTo(DAY_END);
        assertThat(status.retryAt()).isEqualTo(DAY_END);
        assertThat(status.retryAfterSeconds()).as("noon to midnight").isEqualTo(43_200);
    }

    @Test
    void elevenMessagesOnAFreshDayAreRefusedByTheDaysTen() {
        Allowance.Verdict verdict = decide(TRIAL, 0, 0, 11);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.period()).isEqualTo("day");
        assertThat(verdict.status().remaining()).isEqualTo(10);
    }

    @Test
    void whenNeitherFitsTheMonthRefusesBeforeTheDay() {
        Allowance.Verdict verdict = decide(TRIAL, 10, 100, 1);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.period()).isEqualTo("month");
        RateLimitStatus status = verdict.status();
        assertThat(status.limit()).isEqualTo(100);
        assertThat(status.remaining()).isZero();
        assertThat(status.resetAt()).isEqualTo(MONTH_END);
        assertThat(status.windowSeconds()).as("March").isEqualTo(31 * 86_400);
        assertThat(status.retryAfterSeconds()).isEqualTo(MONTH_END - NOON.getEpochSecond());
    }

    @Test
    void threeMessagesWith98Of100UsedThisMonthAreRefusedByTheMonthThoughTheDayHasTen() {
        Allowance.Verdict verdict = decide(TRIAL, 0, 98, 3);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.period()).isEqualTo("month");
        assertThat(verdict.status().remaining()).isEqualTo(2);
        assertThat(verdict.status().limit()).isEqualTo(100);
    }

    @Test
    void theMonthBindsWhenItHasFewerLeftAfterTheseMessages() {
        Allowance.Verdict verdict = decide(TRIAL, 0, 95, 1);

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.period()).isEqualTo("month");
        RateLimitStatus status = verdict.status();
        assertThat(status.limit()).isEqualTo(100);
        assertThat(status.remaining()).isEqualTo(4);
        assertThat(status.resetAt()).isEqualTo(MONTH_END);
        assertThat(status.retryAt()).as("some left: now").isEqualTo(NOON.getEpochSecond());
    }

    @Test
    void theDayBindsWhenItHasFewerLeftAndOnATie() {
        Allowance.Verdict fewer = decide(TRIAL, 3, 10, 1);
        assertThat(fewer.period()).isEqualTo("day");
        assertThat(fewer.status().remaining()).isEqualTo(6);

        Allowance.Verdict tie = decide(TRIAL, 5, 95, 1);
        assertThat(tie.accepted()).isTrue();
        assertThat(tie.period()).as("4 left in both: the day resets first").isEqualTo("day");
        assertThat(tie.status().remaining()).isEqualTo(4);
        assertThat(tie.status().limit()).isEqualTo(10);
    }

    @Test
    void anUnlimitedAccountIsAcceptedWithoutAWindow() {
        Allowance.Verdict verdict = decide(DistributionLimits.NONE, 1_000_000, 50_000_000, 1_000);

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.period()).isNull();
        assertThat(verdict.status()).isNull();
    }

    @Test
    void anUnlimitedMonthLeavesTheDayBinding() {
        DistributionLimits dayOnly = new DistributionLimits(100, 0, true);

        Allowance.Verdict accepted = decide(dayOnly, 99, 1_000_000, 1);
        assertThat(accepted.accepted()).isTrue();
        assertThat(accepted.period()).isEqualTo("day");
        assertThat(accepted.status().limit()).isEqualTo(100);
        assertThat(accepted.status().remaining()).isZero();

        Allowance.Verdict refused = decide(dayOnly, 100, 1_000_000, 1);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.period()).isEqualTo("day");
    }

    @Test
    void anUnlimitedDayLeavesTheMonthBinding() {
        DistributionLimits monthOnly = new DistributionLimits(0, 1_000, true);

        Allowance.Verdict accepted = decide(monthOnly, 900, 900, 100);
        assertThat(accepted.accepted()).isTrue();
        assertThat(accepted.period()).isEqualTo("month");
        assertThat(accepted.status().limit()).isEqualTo(1_000);
        assertThat(accepted.status().remaining()).isZero();

        Allowance.Verdict refused = decide(monthOnly, 0, 1_000, 1);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.period()).isEqualTo("month");
        assertThat(refused.status().resetAt()).isEqualTo(MONTH_END);
    }
}
