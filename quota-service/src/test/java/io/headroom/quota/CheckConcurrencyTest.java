package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Exact under concurrency (spec/quota-service.md §3): N > L callers released together, exactly L allowed. */
@QuarkusTest
class CheckConcurrencyTest {

    @Inject
    Redis redis;

    @Test
    void fourHundredConcurrentChecksAgainstOneHundredPerMinuteAllowExactlyOneHundred() throws Exception {
        String project = Checks.projectOn("business");
        Checks.awaitRoom(60, 30);

        List<Integer> statuses = Fixtures.concurrently(400, 64, i -> Checks.check(project, "api"));

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(100);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(300);
        assertThat(Checks.remainingIn(Checks.check(project, "bulk"), "api_calls_cycle"))
                .as("the cycle counted the 100 allowed and the bulk call, nothing refused").isEqualTo(100_000 - 101);
        assertEveryKeyExpires();
    }

    @Test
    void organizationAllowsExactlyTwoThousandPerMinute() throws Exception {
        String project = Checks.projectOn("organization");
        Checks.awaitRoom(60, 40);

        List<Integer> statuses = Fixtures.concurrently(2_050, 64, i -> Checks.check(project, "api"));

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(2_000);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(50);
        Checks.check(project, "api").then().statusCode(429).header("X-Rate-Limit-Type", "api_calls");
        assertEveryKeyExpires();
    }

    @Test
    void concurrentClientCallsFromOneIpAllowExactlyFive() throws Exception {
        String project = Checks.projectOn("business");
        Checks.awaitRoom(5, 4);

        List<Integer> statuses = Fixtures.concurrently(60, 32, i -> Checks.clientCheck(project, "198.51.100.4"));

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(55);
    }

    /** No key of this service is left without an expiry (SCAN over every key it writes). */
    private void assertEveryKeyExpires() {
        List<String> withoutExpiry = new ArrayList<>();
        String cursor = "0";
        int scanned = 0;
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg("hr:*")
                    .arg("COUNT").arg(1000)).await().indefinitely();
            cursor = page.get(0).toString();
            for (Response key : page.get(1)) {
                scanned++;
                long ttl = redis.send(Request.cmd(Command.TTL).arg(key.toString())).await().indefinitely().toLong();
                if (ttl == -1) {
                    withoutExpiry.add(key.toString());
                }
            }
        } while (!"0".equals(cursor));
        assertThat(scanned).as("the scan saw this test's keys").isGreaterThan(0);
        assertThat(withoutExpiry).isEmpty();
    }
}
