package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.quota.plan.PlanLimits;

class LocalDenialsTest {

    private static final PlanLimits LIMITS = new PlanLimits(100, 1_000, 100_000, 100, 144_000, 10_000, 5, 5, 100,
            1_000);
    private static final ProjectPolicy POLICY = policy();
    private static final String KEY = "prj_1|api";

    /** Redis time of the refusal (a whole second), and this JVM's clock, 5 s behind Redis. */
    private static final long REDIS_NOW = 1_795_000_000_000L;
    private static final long OFFSET = 5_000;
    private static final long LOCAL_NOW = REDIS_NOW - OFFSET;
    private static final long NOW = REDIS_NOW / 1000;

    private static final Window MINUTE = Window.fixed(LimitType.API_CALLS, "hr:{prj_1}:api:m", 100, 60);
    private static final Window HOUR = Window.fixed(LimitType.API_CALLS, "hr:{prj_1}:api:h", 1_000, 3_600);
    private static final Window CYCLE = Window.period(LimitType.API_CALLS_CYCLE, "hr:{prj_1}:cycle", 100_000,
            NOW - 86_400, NOW + 10 * 86_400);

    private final LocalDenials denials = new LocalDenials();

    private static ProjectPolicy policy(PackageExtras... packages) {
        return new ProjectPolicy("prj_1", "acc_1", false, LIMITS, List.of(packages), 1, ZoneOffset.UTC);
    }

    private static WindowCount minute(long used) {
        return new WindowCount(MINUTE, used, NOW + 30);
    }

    private static WindowCount hour(long used) {
        return new WindowCount(HOUR, used, NOW + 1_800);
    }

    private static WindowCount cycle(long used) {
        return new WindowCount(CYCLE, used, NOW + 10 * 86_400);
    }

    private static Decision refusal(long cost, WindowCount... counts) {
        return new Decision(false, true, cost, List.of(counts), REDIS_NOW);
    }

    @Test
    void aRefusalByAnExhaustedWindowIsServedLocallyInRedisTime() {
        Decision refusal = refusal(1, minute(100), hour(300), cycle(5));
        denials.remember(KEY, POLICY, refusal, LOCAL_NOW);

        Decision known = denials.find(KEY, POLICY, LOCAL_NOW + 1_000, 1);

        assertThat(known).isNotNull();
        assertThat(known.allowed()).isFalse();
        assertThat(known.windows()).isEqualTo(refusal.windows());
        assertThat(known.nowMillis()).isEqualTo(REDIS_NOW + 1_000);
        assertThat(known.status().retryAfterSeconds()).isEqualTo(29);
    }

    @Test
    void itIsServedUntilTheExhaustedWindowResetsInRedisTime() {
        denials.remember(KEY, POLICY, refusal(1, minute(100), hour(300), cycle(5)), LOCAL_NOW);
        long resetLocal = (NOW + 30) * 1000 - OFFSET;

        assertThat(denials.find(KEY, POLICY, resetLocal - 1, 1)).isNotNull();
        assertThat(denials.find(KEY, POLICY, resetLocal, 1)).isNull();
    }

    @Test
    void theLatestResetOfTheExhaustedWindowsCounts() {
        denials.remember(KEY, POLICY, refusal(1, minute(100), hour(300), cycle(100_000)), LOCAL_NOW);

        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 31_000, 1)).isNotNull();
        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 5 * 86_400_000L, 1)).isNotNull();
        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 10 * 86_400_000L, 1)).isNull();
    }

    @Test
    void aWindowThatStillHasRoomDoesNotProlongIt() {
        denials.remember(KEY, POLICY, refusal(10, minute(100), hour(995), cycle(5)), LOCAL_NOW);

        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 29_000, 1)).isNotNull();
        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 30_000, 1)).isNull();
    }

    @Test
    void aRefusalOnlyForItsCostIsNotRemembered() {
        denials.remember(KEY, POLICY, refusal(10, minute(95), hour(300), cycle(5)), LOCAL_NOW);

        assertThat(denials.find(KEY, POLICY, LOCAL_NOW, 1)).isNull();
        assertThat(denials.size()).isZero();
    }

    @Test
    void anAllowedCallIsNotRememberedEvenWhenItTookTheLastRequest() {
        denials.remember(KEY, POLICY, new Decision(true, true, 1, List.of(minute(100), cycle(5)), REDIS_NOW),
                LOCAL_NOW);

        assertThat(denials.find(KEY, POLICY, LOCAL_NOW, 1)).isNull();
    }

    @Test
    void anUnenforcedDecisionIsNotRemembered() {
        denials.remember(KEY, POLICY, new Decision(false, false, 1, List.of(minute(100), cycle(5)), REDIS_NOW),
                LOCAL_NOW);

        assertThat(denials.find(KEY, POLICY, LOCAL_NOW, 1)).isNull();
    }

    @Test
    void aRefusalWhoseWindowHasAlreadyResetIsNotRemembered() {
        WindowCount resetNow = new WindowCount(MINUTE, 100, NOW);
        denials.remember(KEY, POLICY, refusal(1, resetNow, cycle(5)), LOCAL_NOW);

        assertThat(denials.size()).isZero();
    }

    @Test
    void anEqualPolicyStillFindsIt() {
        denials.remember(KEY, POLICY, refusal(1, minute(100), cycle(5)), LOCAL_NOW);

        assertThat(denials.find(KEY, policy(), LOCAL_NOW + 1_000, 1)).isNotNull();
    }

    @Test
    void aChangedPolicyDropsIt() {
        denials.remember(KEY, POLICY, refusal(1, minute(100), cycle(5)), LOCAL_NOW);
        ProjectPolicy withPackage = policy(new PackageExtras(50, 0, 0, Instant.ofEpochSecond(NOW - 10),
                Instant.ofEpochSecond(NOW + 86_400)));

        assertThat(denials.find(KEY, withPackage, LOCAL_NOW + 1_000, 1)).isNull();
        assertThat(denials.find(KEY, POLICY, LOCAL_NOW + 2_000, 1)).isNull();
        assertThat(denials.size()).isZero();
    }

    @Test
    void eachKeyHasItsOwnRefusals() {
        denials.remember(KEY, POLICY, refusal(1, minute(100), cycle(5)), LOCAL_NOW);

        assertThat(denials.find("prj_1|bulk", POLICY, LOCAL_NOW, 1)).isNull();
        assertThat(denials.find("prj_2|api", POLICY, LOCAL_NOW, 1)).isNull();
        assertThat(denials.find(KEY, POLICY, LOCAL_NOW, 1)).isNotNull();
    }

    @Test
    void forgettingExpiredRefusalsKeepsTheOnesStillInForce() {
        denials.remember("prj_1|api", POLICY, refusal(1, minute(100), cycle(5)), LOCAL_NOW);
        denials.remember("prj_1|client|192.0.2.1", POLICY, refusal(1, hour(1_000), cycle(5)), LOCAL_NOW);

        denials.forgetExpired(LOCAL_NOW + 29_999);
        assertThat(denials.size()).isEqualTo(2);

        denials.forgetExpired(LOCAL_NOW + 30_000);
        assertThat(denials.size()).isEqualTo(1);
        assertThat(denials.find("prj_1|client|192.0.2.1", POLICY, LOCAL_NOW + 30_000, 1)).isNotNull();
    }
}
