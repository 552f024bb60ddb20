package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static io.headroom.quota.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Metered usage, usage summaries and history (spec/quota-service.md §4). */
@QuarkusTest
class UsageResourceTest {

    private static Response meter(String token, String project, String key, long quantity) {
        var request = as(token).body("{\"metric\":\"redemptions\",\"quantity\":" + quantity + "}");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/v1/projects/" + project + "/usage");
    }

    @Test
    void redemptionsAreCountedOnceForAnIdempotencyKey() {
        String project = Checks.projectOn("business");

        Response first = meter(Tokens.gateway(), project, "redeem-1", 3);
        Response repeat = meter(Tokens.gateway(), project, "redeem-1", 3);
        Response other = meter(Tokens.gateway(), project, "redeem-1", 4);
        Response next = meter(Tokens.gateway(), project, null, 2);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.jsonPath().getMap("")).containsAllEntriesOf(Map.of("metric", "redemptions", "used", 3,
                "limit", 10_000, "remaining", 9_997, "overLimit", false));
        assertThat(repeat.asString()).isEqualTo(first.asString());
        Problems.assertProblem(other, 409, "conflict");
        assertThat(next.jsonPath().getLong("used")).isEqualTo(5);
    }

    @Test
    void meteredUsageIsSoftOverTheLimit() {
        String project = Checks.project(Checks.account("enterprise", "{\"redemptionsPerCycle\":5}"));
        meter(Tokens.gateway(), project, null, 5).then().statusCode(200);
        Response over = meter(Tokens.gateway(), project, null, 2);
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(over.jsonPath().getBoolean("overLimit")).isTrue();
        assertThat(over.jsonPath().getLong("used")).isEqualTo(7);
        assertThat(over.jsonPath().getLong("remaining")).isZero();
    }

    @Test
    void whoMayMeterAndWhatIsRefused() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        assertThat(meter(Tokens.owner(account), project, null, 1).statusCode()).isEqualTo(200);
        assertThat(meter(Tokens.member(account, Map.of(project, "admin")), project, null, 1).statusCode())
                .isEqualTo(200);
        Problems.assertProblem(meter(Tokens.member(account, Map.of(project, "viewer")), project, null, 1), 403,
                "forbidden");
        Problems.assertProblem(meter(Tokens.owner(Checks.account("business")), project, null, 1), 404, "not-found");
        Problems.assertProblem(as(Tokens.gateway()).body("{\"metric\":\"votes\",\"quantity\":1}")
                .post("/v1/projects/" + project + "/usage"), 400, "validation");
        Problems.assertProblem(meter(Tokens.gateway(), project, null, 0), 400, "validation");
        Problems.assertProblem(meter(Tokens.gateway(), project, "x".repeat(256), 1), 400, "validation");
        Problems.assertProblem(meter(Tokens.gateway(), "prj_nowhere", null, 1), 404, "not-found");
        assertThat(meter(Tokens.gateway(), project, null, 1).jsonPath().getLong("used")).as("only the good ones")
                .isEqualTo(3);
    }

    @Test
    void theProjectSummaryShowsTheCycleTheHourAndTheDay() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        for (int call = 0; call < 3; call++) {
            check(project, "api").then().statusCode(200);
        }
        check(project, "bulk").then().statusCode(200);
        check(project, "bulk").then().statusCode(200);
        meter(Tokens.gateway(), project, null, 4).then().statusCode(200);

        Response summary = as(Tokens.member(account, Map.of(project, "viewer"))).get("/v1/projects/" + project + "/usage");

        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.jsonPath().getString("cycle.start")).isEqualTo(Checks.cycleStartOf(account).toString());
        assertThat(summary.jsonPath().getMap("metrics.api_calls")).containsAllEntriesOf(Map.of("window", "cycle",
                "limit", 100_000, "used", 5, "remaining", 99_995));
        assertThat(summary.jsonPath().getFloat("metrics.api_calls.percent")).isEqualTo(0.0f);
        assertThat(summary.jsonPath().getMap("metrics.bulk_api_calls")).containsAllEntriesOf(Map.of("window", "hour",
                "limit", 100, "used", 2, "remaining", 98, "percent", 2.0f));
        assertThat(summary.jsonPath().getMap("metrics.redemptions")).containsAllEntriesOf(Map.of("limit", 10_000,
                "used", 4));
        assertThat(summary.jsonPath().getMap("metrics.webhook_calls")).containsAllEntriesOf(Map.of("window", "day",
                "limit", 144_000, "used", 0));
        Problems.assertProblem(as(Tokens.member(account)).get("/v1/projects/" + project + "/usage"), 403, "forbidden");
        Problems.assertProblem(as(Tokens.owner(Checks.account("trial"))).get("/v1/projects/" + project + "/usage"),
                404, "not-found");
    }

    @Test
    void theAccountSummaryIsForTheOwnerWithTotals() {
        String account = Checks.account("business");
        String one = Checks.project(account);
        String two = Checks.project(account);
        check(one, "api").then().statusCode(200);
        check(two, "api").then().statusCode(200);
        check(two, "api").then().statusCode(200);

        Response usage = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/usage");

        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.jsonPath().getList("projects.projectId")).hasSize(3).contains(one, two);
        assertThat(usage.jsonPath().getLong("totals.api_calls")).isEqualTo(3);
        assertThat(usage.jsonPath().getMap("projects.find { it.sandbox == true }.metrics.api_calls"))
                .containsAllEntriesOf(Map.of("window", "hour", "limit", 100, "used", 0));
        Problems.assertProblem(as(Tokens.member(account)).get("/v1/accounts/" + account + "/usage"), 403, "forbidden");
        Problems.assertProblem(as(Tokens.owner(Checks.account("business"))).get("/v1/accounts/" + account + "/usage"),
                404, "not-found");
    }

    @Test
    void historyComesFromHourlyRollupsWithZerosForQuietSteps() throws Exception {
        String account = Checks.account("enterprise", "{\"apiCallsPerMinute\":2}");
        String project = Checks.project(account);
        Checks.awaitRoom(60, 10);
        Checks.awaitRoom(3600, 10);
        for (int call = 0; call < 5; call++) {
            check(project, "api");
        }
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> hours = as(Tokens.owner(account))
                    .get("/v1/projects/" + project + "/usage/history?metric=api_calls&granularity=hour")
                    .jsonPath().getList("");
            assertThat(hours).hasSize(24);
            Map<String, Object> current = hours.get(hours.size() - 1);
            assertThat(current).containsEntry("start", hour.toString());
            assertThat(current).containsEntry("allowed", 2).containsEntry("denied", 3);
            assertThat(hours.get(0)).containsEntry("allowed", 0).containsEntry("denied", 0);
        });
        List<Map<String, Object>> days = as(Tokens.owner(account))
                .get("/v1/projects/" + project + "/usage/history?granularity=day&from=" + hour.minus(Duration.ofDays(3))
                        + "&to=" + hour.plus(Duration.ofHours(1)))
                .jsonPath().getList("");
        assertThat(days).hasSize(4);
        assertThat(days.get(3)).containsEntry("allowed", 2).containsEntry("denied", 3);
        assertThat(days.get(0)).containsEntry("allowed", 0);
    }

    @Test
    void badHistoryQueriesAreProblems() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String base = "/v1/projects/" + project + "/usage/history";
        Problems.assertProblem(as(Tokens.owner(account)).get(base + "?granularity=week"), 400, "validation");
        Problems.assertProblem(as(Tokens.owner(account)).get(base + "?metric=votes"), 400, "validation");
        Problems.assertProblem(as(Tokens.owner(account)).get(base + "?from=yesterday"), 400, "validation");
        Problems.assertProblem(as(Tokens.owner(account)).get(base + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"),
                400, "validation");
        Problems.assertProblem(as(Tokens.owner(account)).get(base + "?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"),
                400, "validation");
        Problems.assertProblem(as(Tokens.owner(Checks.account("business"))).get(base), 404, "not-found");
    }
}
