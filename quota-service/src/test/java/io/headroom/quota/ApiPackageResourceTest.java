package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** API packages (spec/quota-service.md §3): they raise minute, hour and cycle at once, until {@code validUntil}. */
@QuarkusTest
class ApiPackageResourceTest {

    private static Response buy(String account, String body) {
        return asAdmin().body(body).post("/v1/accounts/" + account + "/api-packages");
    }

    private static String until(long seconds) {
        return Instant.now().plusSeconds(seconds).toString();
    }

    @Test
    void aPackageRaisesMinuteHourAndCycleAtOnceForEveryNonSandboxProject() {
        String account = Checks.account("enterprise", "{\"apiCallsPerHour\":500}");
        String project = Checks.project(account);
        assertThat(check(project, "api").jsonPath().getList("windows.limit", Long.class))
                .containsExactly(2_000L, 500L, 300_000L);

        Response bought = buy(account, "{\"extraPerMinute\":50,\"extraPerHour\":10,\"extraPerCycle\":1000,"
                + "\"validUntil\":\"" + until(3600) + "\"}");
        assertThat(bought.statusCode()).isEqualTo(201);
        assertThat(bought.jsonPath().getString("id")).startsWith("pkg_");
        assertThat(bought.jsonPath().getString("status")).isEqualTo("active");
        assertThat(bought.header("Location")).endsWith("/api-packages/" + bought.jsonPath().getString("id"));

        assertThat(check(project, "api").jsonPath().getList("windows.limit", Long.class))
                .containsExactly(2_050L, 510L, 301_000L);
        assertThat(check(Checks.project(account), "api").jsonPath().getList("windows.limit", Long.class))
                .as("a project created later has it too").containsExactly(2_050L, 510L, 301_000L);
    }

    @Test
    void aPackageStopsAtValidUntilAndCanBeEndedEarly() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        buy(account, "{\"extraPerMinute\":5,\"validUntil\":\"" + until(3) + "\"}").then().statusCode(201);
        String lasting = buy(account, "{\"extraPerMinute\":20,\"validUntil\":\"" + until(3600) + "\"}")
                .jsonPath().getString("id");
        assertThat(check(project, "api").header("X-Rate-Limit-Limit")).isEqualTo("125");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(check(project, "api").header("X-Rate-Limit-Limit")).isEqualTo("120"));

        Response ended = asAdmin().delete("/v1/accounts/" + account + "/api-packages/" + lasting);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(ended.jsonPath().getString("status")).isEqualTo("ended");
        assertThat(check(project, "api").header("X-Rate-Limit-Limit")).as("at once").isEqualTo("100");
    }

    @Test
    void aScheduledPackageStartsAtValidFrom() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Response scheduled = buy(account, "{\"extraPerMinute\":30,\"validFrom\":\"" + until(2) + "\",\"validUntil\":\""
                + until(3600) + "\"}");
        assertThat(scheduled.jsonPath().getString("status")).isEqualTo("scheduled");
        assertThat(check(project, "api").header("X-Rate-Limit-Limit")).isEqualTo("100");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(check(project, "api").header("X-Rate-Limit-Limit")).isEqualTo("130"));
    }

    @Test
    void theOwnerListsPackagesAndNobodyElseSeesThem() {
        String account = Checks.account("business");
        String id = buy(account, "{\"extraPerCycle\":10000,\"validUntil\":\"" + until(600) + "\"}")
                .jsonPath().getString("id");

        Response listed = as(Tokens.owner(account)).get("/v1/accounts/" + account + "/api-packages");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.jsonPath().getList("items.id")).containsExactly(id);
        assertThat(listed.jsonPath().getString("nextCursor")).isNull();
        Problems.assertProblem(as(Tokens.member(account)).get("/v1/accounts/" + account + "/api-packages"), 403,
                "forbidden");
        String stranger = Checks.account("business");
        Problems.assertProblem(as(Tokens.owner(stranger)).get("/v1/accounts/" + account + "/api-packages"), 404,
                "not-found");
        Problems.assertProblem(asAdmin().delete("/v1/accounts/" + stranger + "/api-packages/" + id), 404, "not-found");
        Problems.assertProblem(as(Tokens.owner(account)).body("{\"extraPerMinute\":1,\"validUntil\":\"" + until(60)
                + "\"}").post("/v1/accounts/" + account + "/api-packages"), 403, "forbidden");
    }

    @Test
    void badPackagesAreRefusedAndChangeNothing() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Problems.assertProblem(buy(account, "{\"extraPerMinute\":5,\"validUntil\":\"" + Instant.now().minusSeconds(5)
                + "\"}"), 400, "validation");
        Problems.assertProblem(buy(account, "{\"validUntil\":\"" + until(60) + "\"}"), 400, "validation");
        Problems.assertProblem(buy(account, "{\"extraPerMinute\":-1,\"validUntil\":\"" + until(60) + "\"}"), 400,
                "validation");
        Problems.assertProblem(buy(account, "{\"extraPerMinute\":5,\"validFrom\":\"" + until(120)
                + "\",\"validUntil\":\"" + until(60) + "\"}"), 400, "validation");
        Problems.assertProblem(buy(account, "{\"extraPerMinute\":5}"), 400, "validation");
        Problems.assertProblem(buy("acc_nobody", "{\"extraPerMinute\":5,\"validUntil\":\"" + until(60) + "\"}"), 404,
                "not-found");

        assertThat(as(Tokens.owner(account)).get("/v1/accounts/" + account + "/api-packages")
                .jsonPath().getList("items")).isEmpty();
        assertThat(check(project, "api").header("X-Rate-Limit-Limit")).isEqualTo("100");
    }

    @Test
    void aScheduledPackageLiftsARefusalThisInstanceRemembers() throws Exception {
        String account = Checks.account("enterprise", "{\"apiCallsPerMinute\":2}");
        String project = Checks.project(account);
        Checks.awaitRoom(60, 25);
        check(project, "api").then().statusCode(200);
        check(project, "api").then().statusCode(200);
        check(project, "api").then().statusCode(429);

        buy(account, "{\"extraPerMinute\":5,\"validFrom\":\"" + until(2) + "\",\"validUntil\":\"" + until(3600)
                + "\"}").then().statusCode(201);

        assertThat(check(project, "api").statusCode()).as("not yet valid").isEqualTo(429);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(check(project, "api").statusCode()).isEqualTo(200));
    }
}
