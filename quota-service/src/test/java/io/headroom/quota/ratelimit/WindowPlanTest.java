package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.quota.account.BillingCycle;
import io.headroom.quota.plan.PlanLimits;

class WindowPlanTest {

    /** 100 per minute, no hourly limit, 100,000 per cycle, bulk 100 per hour, 5 client calls per 5 s. */
    private static final PlanLimits BUSINESS = new PlanLimits(100, 0, 100_000, 100, 144_000, 10_000, 5, 5, 100, 1_000);
    private static final PlanLimits WITH_HOUR = new PlanLimits(100, 5_000, 100_000, 100, 144_000, 10_000, 5, 5, 100,
            1_000);
    private static final PlanLimits UNLIMITED = new PlanLimits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:30Z");
    private static final String IP = "192.0.2.7";

    private final WindowPlan plan = new WindowPlan("hr:", 100);

    private static ProjectPolicy policy(PlanLimits limits, PackageExtras... packages) {
        return new ProjectPolicy("prj_1", "acc_1", false, limits, List.of(packages), 15, ZoneOffset.UTC);
    }

    private static ProjectPolicy sandbox(PackageExtras... packages) {
        return new ProjectPolicy("prj_1", "acc_1", true, BUSINESS, List.of(packages), 15, ZoneOffset.UTC);
    }

    private static PackageExtras march(long perMinute, long perHour, long perCycle) {
        return new PackageExtras(perMinute, perHour, perCycle, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"));
    }

    private List<Window> windows(ProjectPolicy policy, CheckKind kind, Instant now) {
        return plan.windows(policy, kind, kind == CheckKind.CLIENT ? IP : null, now);
    }

    private static Window ofType(List<Window> windows, LimitType type) {
        return windows.stream().filter(w -> w.type() == type).findFirst().orElseThrow();
    }

    @Test
    void anApiCallCountsPerMinuteAndPerCycleWhenThePlanHasNoHourlyLimit() {
        List<Window> windows = windows(policy(BUSINESS), CheckKind.API, NOW);

        assertThat(windows).extracting(Window::type, Window::limit, Window::lengthSeconds).containsExactly(
                tuple(LimitType.API_CALLS, 100L, 60L),
                tuple(LimitType.API_CALLS_CYCLE, 100_000L, 0L));
    }

    @Test
    void anApiCallCountsPerHourTooWhenThePlanSetsIt() {
        List<Window> windows = windows(policy(WITH_HOUR), CheckKind.API, NOW);

        assertThat(windows).extracting(Window::type, Window::limit, Window::lengthSeconds).containsExactly(
                tuple(LimitType.API_CALLS, 100L, 60L),
                tuple(LimitType.API_CALLS, 5_000L, 3_600L),
                tuple(LimitType.API_CALLS_CYCLE, 100_000L, 0L));
    }

    @Test
    void aBulkCallCountsPerBulkHourAndPerCycle() {
        List<Window> windows = windows(policy(WITH_HOUR), CheckKind.BULK, NOW);

        assertThat(windows).extracting(Window::type, Window::limit, Window::lengthSeconds).containsExactly(
                tuple(LimitType.BULK_API_CALLS, 100L, 3_600L),
                tuple(LimitType.API_CALLS_CYCLE, 100_000L, 0L));
    }

    @Test
    void aClientCallCountsPerIpPerMinuteAndPerCycle() {
        List<Window> windows = windows(policy(WITH_HOUR), CheckKind.CLIENT, NOW);

        assertThat(windows).extracting(Window::type, Window::limit, Window::lengthSeconds).containsExactly(
                tuple(LimitType.CLIENT_CALLS, 5L, 5L),
                tuple(LimitType.API_CALLS, 100L, 60L),
                tuple(LimitType.API_CALLS_CYCLE, 100_000L, 0L));
    }

    @Test
    void theClientWindowsKeyNamesTheIpAndDiffersPerIp() {
        ProjectPolicy policy = policy(BUSINESS);

        String one = ofType(plan.windows(policy, CheckKind.CLIENT, "192.0.2.7", NOW), LimitType.CLIENT_CALLS).key();
        String other = ofType(plan.windows(policy, CheckKind.CLIENT, "2001:db8:0:0:0:0:0:1", NOW),
                LimitType.CLIENT_CALLS).key();

        assertThat(one).contains("192.0.2.7");
        assertThat(other).contains("2001:db8:0:0:0:0:0:1");
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void unlimitedWindowsAreLeftOutButTheCycleIsAlwaysCounted() {
        for (CheckKind kind : CheckKind.values()) {
            List<Window> windows = windows(policy(UNLIMITED), kind, NOW);

            assertThat(windows).as(kind.wire()).extracting(Window::type, Window::limit)
                    .containsExactly(tuple(LimitType.API_CALLS_CYCLE, 0L));
        }
    }

    @Test
    void theSandboxCountsOnlyOneFixedHourlyWindowWhateverTheKindAndPackages() {
        ProjectPolicy sandbox = sandbox(march(1_000, 1_000, 1_000));

        for (CheckKind kind : CheckKind.values()) {
            List<Window> windows = windows(sandbox, kind, NOW);

            assertThat(windows).as(kind.wire()).extracting(Window::type, Window::limit, Window::lengthSeconds)
                    .containsExactly(tuple(LimitType.API_CALLS, 100L, 3_600L));
        }
    }

    @Test
    void theSandboxLimitIsTheConfiguredOne() {
        List<Window> windows = new WindowPlan("hr:", 250).windows(sandbox(), CheckKind.API, null, NOW);

        assertThat(windows).extracting(Window::limit).containsExactly(250L);
    }

    @Test
    void aValidPackageRaisesMinuteHourAndCycle() {
        List<Window> windows = windows(policy(WITH_HOUR, march(50, 1_000, 20_000)), CheckKind.API, NOW);

        assertThat(windows).extracting(Window::limit).containsExactly(150L, 6_000L, 120_000L);
    }

    @Test
    void aPackageRaisesNothingBeforeItsValidFromAndFromItsValidUntilOn() {
        ProjectPolicy policy = policy(WITH_HOUR, march(50, 1_000, 20_000));

        assertThat(windows(policy, CheckKind.API, Instant.parse("2026-02-28T23:59:59.999Z")))
                .extracting(Window::limit).containsExactly(100L, 5_000L, 100_000L);
        assertThat(windows(policy, CheckKind.API, Instant.parse("2026-03-01T00:00:00Z")))
                .extracting(Window::limit).containsExactly(150L, 6_000L, 120_000L);
        assertThat(windows(policy, CheckKind.API, Instant.parse("2026-03-31T23:59:59.999Z")))
                .extracting(Window::limit).containsExactly(150L, 6_000L, 120_000L);
        assertThat(windows(policy, CheckKind.API, Instant.parse("2026-04-01T00:00:00Z")))
                .extracting(Window::limit).containsExactly(100L, 5_000L, 100_000L);
    }

    @Test
    void aPackagesHourlyExtraAddsNoHourWindowToAPlanWithoutAnHourlyLimit() {
        List<Window> windows = windows(policy(BUSINESS, march(50, 1_000, 20_000)), CheckKind.API, NOW);

        assertThat(windows).extracting(Window::lengthSeconds).containsExactly(60L, 0L);
        assertThat(windows).extracting(Window::limit).containsExactly(150L, 120_000L);
    }

    @Test
    void packagesRaiseTheMinuteWindowOfAClientCallButNotTheBulkOrClientWindows() {
        ProjectPolicy policy = policy(BUSINESS, march(50, 1_000, 20_000));

        assertThat(windows(policy, CheckKind.CLIENT, NOW)).extracting(Window::limit)
                .containsExactly(5L, 150L, 120_000L);
        assertThat(windows(policy, CheckKind.BULK, NOW)).extracting(Window::limit).containsExactly(100L, 120_000L);
    }

    @Test
    void everyKeyOfAProjectCarriesTheProjectIdAsItsHashTag() {
        List<Window> all = new ArrayList<>();
        for (CheckKind kind : CheckKind.values()) {
            all.addAll(windows(policy(WITH_HOUR), kind, NOW));
            all.addAll(windows(sandbox(), kind, NOW));
        }

        assertThat(all).extracting(Window::key).allSatisfy(key -> {
            assertThat(key).startsWith("hr:");
            // Redis Cluster hashes the first {...} of a key
            assertThat(key).contains("{prj_1}");
            assertThat(key.indexOf('{')).isEqualTo(key.indexOf("{prj_1}"));
        });
    }

    @Test
    void windowsOfDifferentCountsHaveDifferentKeys() {
        List<Window> windows = windows(policy(WITH_HOUR), CheckKind.API, NOW);
        List<Window> bulk = windows(policy(WITH_HOUR), CheckKind.BULK, NOW);

        assertThat(windows).extracting(Window::key).doesNotHaveDuplicates();
        assertThat(ofType(bulk, LimitType.BULK_API_CALLS).key()).isNotIn(
                windows.stream().map(Window::key).toList());
    }

    @Test
    void everyKindCountsInTheOneCycleKeyOfTheProject() {
        for (CheckKind kind : CheckKind.values()) {
            assertThat(ofType(windows(policy(BUSINESS), kind, NOW), LimitType.API_CALLS_CYCLE).key())
                    .endsWith("{prj_1}:cycle");
        }
    }

    @Test
    void theCycleWindowRunsOverTheAccountsBillingCycle() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ProjectPolicy policy = new ProjectPolicy("prj_1", "acc_1", false, BUSINESS, List.of(), 15, berlin);
        BillingCycle cycle = BillingCycle.containing(NOW, 15, berlin);

        Window window = ofType(windows(policy, CheckKind.API, NOW), LimitType.API_CALLS_CYCLE);

        assertThat(window.start()).isEqualTo(cycle.start().getEpochSecond());
        assertThat(window.end()).isEqualTo(cycle.end().getEpochSecond());
        assertThat(window.durable()).isTrue();
        assertThat(window.seconds()).isEqualTo(cycle.end().getEpochSecond() - cycle.start().getEpochSecond());
    }

    @Test
    void fixedWindowsAreNotDurable() {
        assertThat(windows(policy(WITH_HOUR), CheckKind.CLIENT, NOW)).filteredOn(w -> w.lengthSeconds() > 0)
                .isNotEmpty().allSatisfy(w -> assertThat(w.durable()).isFalse());
    }
}
