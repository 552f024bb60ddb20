package io.headroom.quota.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.quota.plan.PlanLimits;
import io.headroom.quota.ratelimit.PackageExtras;
import io.headroom.quota.ratelimit.ProjectPolicy;

/**
 * spec/quota-service.md §5: accepted calls "are delivered to the target by HTTP POST, at no more
 * than the project's per-minute API rate"; §1: Sandbox projects get 100 API calls per hour and API
 * packages never apply to them.
 */
class DeliveryRateTest {

    /** The Business plan's numbers (spec/quota-service.md §1). */
    private static final PlanLimits BUSINESS = new PlanLimits(100, 0, 100_000, 100, 144_000, 10_000, 5, 5, 100,
            1_000);
    private static final PlanLimits NO_MINUTE_LIMIT = new PlanLimits(0, 5_000, 100_000, 100, 144_000, 10_000, 5, 5,
            100, 1_000);
    private static final long SANDBOX_PER_HOUR = 100;
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final PackageExtras VALID_PACKAGE = new PackageExtras(50, 3_000, 10_000,
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    private static final PackageExtras EXPIRED_PACKAGE = new PackageExtras(1_000, 60_000, 10_000,
            Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"));

    private static ProjectPolicy project(PlanLimits limits, PackageExtras... packages) {
        return new ProjectPolicy("prj_1", "acc_1", false, limits, List.of(packages), 1, ZoneOffset.UTC);
    }

    private static ProjectPolicy sandbox(PlanLimits limits, PackageExtras... packages) {
        return new ProjectPolicy("prj_sandbox", "acc_1", true, limits, List.of(packages), 1, ZoneOffset.UTC);
    }

    @Test
    void aProjectIsDeliveredToAtItsPerMinuteApiRate() {
        DeliveryRate rate = DeliveryRate.of(project(BUSINESS), NOW, SANDBOX_PER_HOUR);

        assertThat(rate).isEqualTo(new DeliveryRate(100, 60_000));
        assertThat(rate.unlimited()).isFalse();
    }

    @Test
    void aValidPackageRaisesTheDeliveryRateByItsExtraPerMinute() {
        assertThat(DeliveryRate.of(project(BUSINESS, VALID_PACKAGE), NOW, SANDBOX_PER_HOUR))
                .isEqualTo(new DeliveryRate(150, 60_000));
    }

    @Test
    void aPackageOutsideItsValidityLeavesTheRateAlone() {
        assertThat(DeliveryRate.of(project(BUSINESS, EXPIRED_PACKAGE), NOW, SANDBOX_PER_HOUR).limit())
                .isEqualTo(100);
        assertThat(DeliveryRate.of(project(BUSINESS, VALID_PACKAGE), Instant.parse("2026-04-01T00:00:00Z"),
                SANDBOX_PER_HOUR).limit()).as("at validUntil").isEqualTo(100);
    }

    @Test
    void theSandboxProjectIsDeliveredToAtItsHourlyLimitPerHour() {
        assertThat(DeliveryRate.of(sandbox(BUSINESS), NOW, SANDBOX_PER_HOUR))
                .isEqualTo(new DeliveryRate(100, 3_600_000));
        assertThat(DeliveryRate.of(sandbox(BUSINESS), NOW, 7)).isEqualTo(new DeliveryRate(7, 3_600_000));
    }

    @Test
    void packagesNeverApplyToTheSandboxProject() {
        assertThat(DeliveryRate.of(sandbox(BUSINESS, VALID_PACKAGE), NOW, SANDBOX_PER_HOUR).limit()).isEqualTo(100);
    }

    @Test
    void withoutAPerMinuteLimitDeliveryIsNotPacedEvenWithAPackage() {
        DeliveryRate rate = DeliveryRate.of(project(NO_MINUTE_LIMIT, VALID_PACKAGE), NOW, SANDBOX_PER_HOUR);

        assertThat(rate.limit()).isZero();
        assertThat(rate.unlimited()).isTrue();
    }

    @Test
    void aSandboxLimitOfZeroIsNotPaced() {
        assertThat(DeliveryRate.of(sandbox(BUSINESS), NOW, 0).unlimited()).isTrue();
    }

    @Test
    void placesAreSpreadOverTheFirst55SecondsOfAMinute() {
        assertThat(new DeliveryRate(100, 60_000).spreadMillis()).isEqualTo(55_000);
    }

    @Test
    void placesAreSpreadOverElevenTwelfthsOfAnHour() {
        assertThat(new DeliveryRate(100, 3_600_000).spreadMillis()).isEqualTo(3_300_000);
    }
}
