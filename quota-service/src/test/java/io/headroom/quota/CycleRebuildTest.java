package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static io.headroom.quota.Checks.remainingIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A billing cycle's count survives the loss of Redis (spec/quota-service.md §3): after a
 * FLUSHALL or a restart without persistence in the middle of a cycle, the count is rebuilt from
 * PostgreSQL plus what this instance had not yet written, before the next decision. With one
 * instance nothing is forgotten, whether the calls were written yet or not.
 */
@QuarkusTest
@TestProfile(OwnRedisProfile.class)
class CycleRebuildTest {

    @Test
    void afterFlushallTheCycleCountIsRebuiltWithNothingForgotten() throws Exception {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Instant cycle = Checks.cycleStartOf(account);
        for (int call = 0; call < 30; call++) {
            check(project, "bulk").then().statusCode(200);
        }

        OwnRedis.flushAll();
        assertThat(remainingIn(check(project, "api"), "api_calls_cycle"))
                .as("30 calls, most not yet written, plus this one").isEqualTo(100_000 - 31);

        await().atMost(Duration.ofSeconds(10)).until(() -> Checks.cycleTotal(project, cycle) == 31);
        OwnRedis.flushAll();
        assertThat(remainingIn(check(project, "api"), "api_calls_cycle")).as("all written by now").isEqualTo(100_000 - 32);
    }

    @Test
    void afterARestartWithoutPersistenceTheCycleCountIsRebuilt() throws Exception {
        String account = Checks.account("organization");
        String project = Checks.project(account);
        Checks.writeCycleTotal(project, Checks.cycleStartOf(account), 250_000);
        for (int call = 0; call < 10; call++) {
            check(project, "api").then().statusCode(200);
        }

        OwnRedis.stopServer();
        OwnRedis.startServer();

        int[] calls = {10};
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            calls[0]++;
            assertThat(check(project, "api").jsonPath().getBoolean("enforced")).isTrue();
        });
        long remaining = remainingIn(check(project, "api"), "api_calls_cycle");
        calls[0]++;
        assertThat(300_000 - remaining).as("the seed and every call since, decided or let through")
                .isEqualTo(250_000 + calls[0]);
    }
}
