package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.event.Topology;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * {@code usage.snapshot} (spec/quota-service.md §6): coalesced to at most one per second per
 * project and metric while usage changes, published at once when a window is used up, through
 * the outbox.
 */
@QuarkusTest
class UsageSnapshotTest {

    private BrokerProbe probe;

    @BeforeEach
    void listen() {
        probe = BrokerProbe.connect().listen(Topology.USAGE_SNAPSHOT);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private List<JsonObject> snapshots(String project, String metric) {
        return probe.received(project).stream().map(JsonObject::new)
                .filter(s -> s.getString("metric").equals(metric)).toList();
    }

    @Test
    void manyCallsBecomeFewSnapshotsWithTheNewestCount() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        long started = System.nanoTime();
        for (int call = 0; call < 60; call++) {
            check(project, "api").then().statusCode(200);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        await().atMost(Duration.ofSeconds(10)).until(() -> snapshots(project, "api_calls").stream()
                .anyMatch(s -> s.getLong("used") == 60));
        List<JsonObject> received = snapshots(project, "api_calls");
        assertThat(received.size()).as("at most one per second of calls, plus the last flush").isLessThanOrEqualTo(
                (int) seconds + 2);
        JsonObject newest = received.get(received.size() - 1);
        assertThat(newest.getString("accountId")).isEqualTo(account);
        assertThat(newest.getLong("limit")).isEqualTo(100_000);
        assertThat(newest.getString("window")).isEqualTo("cycle");
        assertThat(newest.getString("periodStart")).isEqualTo(Checks.cycleStartOf(account).toString());
        assertThat(newest.getInteger("schemaVersion")).isEqualTo(1);
    }

    @Test
    void anExhaustedWindowIsPublishedAtOnce() {
        String project = Checks.project(Checks.account("enterprise", "{\"apiCallsPerCycle\":3,\"apiCallsPerMinute\":0}"));
        for (int call = 0; call < 3; call++) {
            check(project, "api").then().statusCode(200);
        }
        check(project, "api").then().statusCode(429);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(snapshots(project, "api_calls"))
                .anySatisfy(s -> {
                    assertThat(s.getLong("used")).isEqualTo(3);
                    assertThat(s.getLong("limit")).isEqualTo(3);
                }));
    }

    @Test
    void redemptionsArePublishedFromTheirOwnTransaction() {
        String project = Checks.projectOn("trial");
        Fixtures.as(Tokens.gateway()).body("{\"metric\":\"redemptions\",\"quantity\":7}")
                .post("/v1/projects/" + project + "/usage").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(snapshots(project, "redemptions"))
                .anySatisfy(s -> {
                    assertThat(s.getLong("used")).isEqualTo(7);
                    assertThat(s.getLong("limit")).isEqualTo(1_000);
                    assertThat(s.getString("window")).isEqualTo("cycle");
                }));
    }
}
