package io.headroom.quota.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.quota.plan.PlanLimits;
import io.headroom.quota.ratelimit.PackageExtras;
import io.headroom.quota.ratelimit.ProjectPolicy;

/**
 * The {@code webhook_calls} daily bucket (spec/quota-service.md §1 and §5): {@code webhookCallsPerDay}
 * calls a day (Business: 144,000; 0 = unlimited), the day running from midnight to midnight in the
 * account's time zone; the Sandbox project, outside the plan table, gets its hourly limit × 24.
 */
class DailyBucketTest {

    /** The Business plan's numbers (spec/quota-service.md §1). */
    private static final PlanLimits BUSINESS = new PlanLimits(100, 0, 100_000, 100, 144_000, 10_000, 5, 5, 100,
            1_000);
    private static final long SANDBOX_PER_HOUR = 100;
    /** 2026-11-18T11:06:40.400Z. */
    private static final Instant NOW = Instant.ofEpochMilli(1_795_000_000_400L);

    private static ProjectPolicy project(PlanLimits limits, ZoneId zone) {
        return new ProjectPolicy("prj_1", "acc_1", false, limits, List.of(), 1, zone);
    }

    private static ProjectPolicy sandbox(PlanLimits limits, ZoneId zone) {
        return new ProjectPolicy("prj_sandbox", "acc_1", true, limits, List.of(), 1, zone);
    }

    private static PlanLimits webhookCallsPerDay(long perDay) {
        return new PlanLimits(100, 0, 100_000, 100, perDay, 10_000, 5, 5, 100, 1_000);
    }

    private static DailyBucket bucket(ProjectPolicy policy, String now) {
        return DailyBucket.of(policy, Instant.parse(now), SANDBOX_PER_HOUR);
    }

    @Test
    void aBusinessProjectMayAccept144000CallsADay() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.limit()).isEqualTo(144_000);
        assertThat(bucket.unlimited()).isFalse();
    }

    @Test
    void theBucketIsThePlansWebhookCallsPerDayNotDerivedFromTheApiRate() {
        assertThat(DailyBucket.of(project(webhookCallsPerDay(288_000), ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR)
                .limit()).isEqualTo(288_000);
    }

    @Test
    void packagesDoNotEnlargeTheDailyBucket() {
        ProjectPolicy withPackage = new ProjectPolicy("prj_1", "acc_1", false, BUSINESS,
                List.of(new PackageExtras(500, 5_000, 50_000, NOW.minusSeconds(60), NOW.plusSeconds(60))), 1,
                ZoneOffset.UTC);

        assertThat(DailyBucket.of(withPackage, NOW, SANDBOX_PER_HOUR).limit()).isEqualTo(144_000);
    }

    @Test
    void theSandboxProjectGetsItsHourlyLimitTimes24WhateverThePlanSays() {
        DailyBucket bucket = DailyBucket.of(sandbox(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.limit()).isEqualTo(2_400);
        assertThat(DailyBucket.of(sandbox(BUSINESS, ZoneOffset.UTC), NOW, 7).limit()).isEqualTo(168);
    }

    @Test
    void aPlanWithoutAWebhookLimitHasAnUnlimitedBucket() {
        DailyBucket bucket = DailyBucket.of(project(webhookCallsPerDay(0), ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.limit()).isZero();
        assertThat(bucket.unlimited()).isTrue();
    }

    @Test
    void theDayRunsFromMidnightToMidnightUtcForAUtcAccount() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.dayStart()).isEqualTo(Instant.parse("2026-11-18T00:00:00Z"));
        assertThat(bucket.dayEnd()).isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
    }

    @Test
    void theDayRunsFromMidnightToMidnightInTheAccountsZone() {
        ZoneId auckland = ZoneId.of("Pacific/Auckland"); // UTC+13 in November (daylight saving time)

        DailyBucket bucket = DailyBucket.of(project(BUSINESS, auckland), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.dayStart()).as("2026-11-19T00:00+13:00").isEqualTo(Instant.parse("2026-11-18T11:00:00Z"));
        assertThat(bucket.dayEnd()).as("2026-11-20T00:00+13:00").isEqualTo(Instant.parse("2026-11-19T11:00:00Z"));
    }

    @Test
    void anInstantJustBeforeLocalMidnightIsStillInTheEndingDay() {
        ZoneId auckland = ZoneId.of("Pacific/Auckland");

        DailyBucket before = bucket(project(BUSINESS, auckland), "2026-11-18T10:59:59.999Z");
        DailyBucket at = bucket(project(BUSINESS, auckland), "2026-11-18T11:00:00Z");

        assertThat(before.dayEnd()).isEqualTo(Instant.parse("2026-11-18T11:00:00Z"));
        assertThat(at.dayStart()).isEqualTo(before.dayEnd());
    }

    @Test
    void theDayClocksGoForwardIs23HoursLong() {
        DailyBucket bucket = bucket(project(BUSINESS, ZoneId.of("Europe/Berlin")), "2026-03-29T12:00:00Z");

        assertThat(bucket.dayStart()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(bucket.dayEnd()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(bucket.dayStart(), bucket.dayEnd())).isEqualTo(Duration.ofHours(23));
        assertThat(bucket.status(0, false, Instant.parse("2026-03-29T12:00:00Z").toEpochMilli()).windowSeconds())
                .isEqualTo(23 * 3_600);
    }

    @Test
    void theDayClocksGoBackIs25HoursLong() {
        DailyBucket bucket = bucket(project(BUSINESS, ZoneId.of("Europe/Berlin")), "2026-10-25T12:00:00Z");

        assertThat(bucket.dayStart()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(bucket.dayEnd()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
        assertThat(Duration.between(bucket.dayStart(), bucket.dayEnd())).isEqualTo(Duration.ofHours(25));
        assertThat(bucket.status(0, false, Instant.parse("2026-10-25T12:00:00Z").toEpochMilli()).windowSeconds())
                .isEqualTo(25 * 3_600);
    }

    /**
     * In Asia/Beirut the clocks go from 00:00 straight to 01:00 on the last Sunday of March, so
     * that day starts at 01:00 — but it still ends at the next midnight, 23 hours later.
     * DailyBucket.of adds a day to the shifted start (2026-03-30T01:00), so the day ends an hour
     * late and overlaps the next day's bucket, which starts at midnight.
     */
    @Test
    void aDayWhoseMidnightDoesNotExistStartsAtTheFirstInstantAndEndsAtTheNextMidnight() {
        ZoneId beirut = ZoneId.of("Asia/Beirut");

        DailyBucket day = bucket(project(BUSINESS, beirut), "2026-03-29T10:00:00Z");
        DailyBucket next = bucket(project(BUSINESS, beirut), "2026-03-29T21:30:00Z"); // 2026-03-30T00:30+03:00

        assertThat(day.dayStart()).as("2026-03-29T01:00+03:00").isEqualTo(Instant.parse("2026-03-28T22:00:00Z"));
        assertThat(day.dayEnd()).as("2026-03-30T00:00+03:00").isEqualTo(Instant.parse("2026-03-29T21:00:00Z"));
        assertThat(next.dayStart()).isEqualTo(day.dayEnd());
    }

    @Test
    void theHourlyShareIsTheLimitDividedBy24RoundedUp() {
        assertThat(new DailyBucket(144_000, NOW, NOW).hourlyShare()).isEqualTo(6_000);
        assertThat(new DailyBucket(144_001, NOW, NOW).hourlyShare()).isEqualTo(6_001);
        assertThat(new DailyBucket(2_400, NOW, NOW).hourlyShare()).isEqualTo(100);
        assertThat(new DailyBucket(5, NOW, NOW).hourlyShare()).isEqualTo(1);
        assertThat(new DailyBucket(25, NOW, NOW).hourlyShare()).isEqualTo(2);
    }

    @Test
    void anUnlimitedBucketHasNoHourlyShare() {
        assertThat(new DailyBucket(0, NOW, NOW).hourlyShare()).isZero();
    }

    @Test
    void theStatusDescribesTheDay() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);
        long dayEnd = Instant.parse("2026-11-19T00:00:00Z").getEpochSecond();

        RateLimitStatus status = bucket.status(1_000, false, NOW.toEpochMilli());

        assertThat(status).isEqualTo(
                new RateLimitStatus("webhook_calls", 144_000, 143_000, dayEnd, 86_400, false, NOW.toEpochMilli()));
        assertThat(status.retryAt()).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void theStatusOfTheLastCallOfTheDayHasNothingRemainingAndRetriesAtTheDaysEnd() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        RateLimitStatus status = bucket.status(144_000, false, NOW.toEpochMilli());

        assertThat(status.remaining()).isZero();
        assertThat(status.denied()).isFalse();
        assertThat(status.retryAt()).isEqualTo(bucket.dayEnd().getEpochSecond());
    }

    @Test
    void theStatusOfARefusalIsDeniedAndRemainingIsNeverNegative() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        RateLimitStatus status = bucket.status(150_000, true, NOW.toEpochMilli());

        assertThat(status.denied()).isTrue();
        assertThat(status.remaining()).isZero();
        assertThat(status.resetAt()).isEqualTo(bucket.dayEnd().getEpochSecond());
        assertThat(status.retryAt()).isEqualTo(bucket.dayEnd().getEpochSecond());
    }

    @Test
    void theStatusResetsAtTheEndOfTheDayInTheAccountsZone() {
        DailyBucket bucket = DailyBucket.of(project(BUSINESS, ZoneId.of("Pacific/Auckland")), NOW, SANDBOX_PER_HOUR);

        RateLimitStatus status = bucket.status(1, false, NOW.toEpochMilli());

        assertThat(status.resetAt()).isEqualTo(Instant.parse("2026-11-19T11:00:00Z").getEpochSecond());
        assertThat(status.windowSeconds()).isEqualTo(86_400);
    }

    @Test
    void anUnlimitedBucketHasNoStatusSoNoHeaders() {
        DailyBucket bucket = DailyBucket.of(project(webhookCallsPerDay(0), ZoneOffset.UTC), NOW, SANDBOX_PER_HOUR);

        assertThat(bucket.status(5_000_000, false, NOW.toEpochMilli())).isNull();
    }
}
