package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.quota.plan.PlanLimits;

class ProjectPolicyTest {

    private static final PlanLimits LIMITS = new PlanLimits(100, 5_000, 100_000, 100, 144_000, 10_000, 5, 5, 100,
            1_000);
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private static ProjectPolicy policy(PlanLimits limits, PackageExtras... packages) {
        return new ProjectPolicy("prj_1", "acc_1", false, limits, List.of(packages), 1, ZoneOffset.UTC);
    }

    private static PackageExtras extras(long perMinute, long perHour, long perCycle) {
        return new PackageExtras(perMinute, perHour, perCycle, FROM, UNTIL);
    }

    @Test
    void withoutPackagesTheLimitsAreThePlans() {
        assertThat(policy(LIMITS).apiLimitsAt(NOW)).isEqualTo(new ApiLimits(100, 5_000, 100_000, 100, 5, 5));
    }

    @Test
    void everyPackageValidAtTheInstantAddsItsExtras() {
        ApiLimits limits = policy(LIMITS, extras(10, 100, 1_000), extras(1, 2, 3)).apiLimitsAt(NOW);

        assertThat(limits.perMinute()).isEqualTo(111);
        assertThat(limits.perHour()).isEqualTo(5_102);
        assertThat(limits.perCycle()).isEqualTo(101_003);
    }

    @Test
    void packagesLeaveBulkAndClientLimitsAlone() {
        ApiLimits limits = policy(LIMITS, extras(10, 100, 1_000)).apiLimitsAt(NOW);

        assertThat(limits.bulkPerHour()).isEqualTo(100);
        assertThat(limits.clientCalls()).isEqualTo(5);
        assertThat(limits.clientWindowSeconds()).isEqualTo(5);
    }

    @Test
    void anUnlimitedLimitStaysUnlimitedWhateverAPackageAdds() {
        PlanLimits unlimited = new PlanLimits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        ApiLimits limits = policy(unlimited, extras(10, 100, 1_000)).apiLimitsAt(NOW);

        assertThat(limits.perMinute()).isZero();
        assertThat(limits.perHour()).isZero();
        assertThat(limits.perCycle()).isZero();
    }

    @Test
    void aPackageOutsideItsValidityAddsNothing() {
        ProjectPolicy policy = policy(LIMITS, extras(10, 100, 1_000));

        assertThat(policy.apiLimitsAt(FROM.minusMillis(1)).perMinute()).isEqualTo(100);
        assertThat(policy.apiLimitsAt(UNTIL).perMinute()).isEqualTo(100);
    }

    @Test
    void aPackageIsValidFromItsValidFromInclusiveUntilItsValidUntilExclusive() {
        PackageExtras extras = extras(10, 100, 1_000);

        assertThat(extras.validAt(FROM.minusNanos(1))).isFalse();
        assertThat(extras.validAt(FROM)).isTrue();
        assertThat(extras.validAt(UNTIL.minusNanos(1))).isTrue();
        assertThat(extras.validAt(UNTIL)).isFalse();
    }

    @Test
    void theCycleIsTheAccountsBillingCycle() {
        assertThat(policy(LIMITS).cycleAt(NOW).start()).isEqualTo(FROM);
        assertThat(policy(LIMITS).cycleAt(NOW).end()).isEqualTo(UNTIL);
    }
}
