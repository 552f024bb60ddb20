package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static io.headroom.quota.Checks.clientCheck;
import static io.headroom.quota.Checks.remainingIn;
import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** {@code POST /v1/checks} (spec/quota-service.md §3) with the source's numbers, one caller at a time. */
@QuarkusTest
class CheckResourceTest {

    @Test
    void businessAllowsOneHundredCallsAMinuteWithExactHeadersAtEveryStep() throws Exception {
        String project = Checks.projectOn("business");
        Checks.awaitRoom(60, 25);

        for (int call = 1; call <= 105; call++) {
            Response answer = check(project, "api");
            long now = Instant.now().getEpochSecond();
            long minuteReset = Instant.parse(answer.jsonPath().getString(
                    "windows.find { it.type == 'api_calls' }.resetAt")).getEpochSecond();
            assertThat(minuteReset % 60).isZero();
            assertThat(answer.header("X-Rate-Limit-Limit")).isEqualTo("100");
            assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"api_calls\";q=100;w=60");
            if (call <= 100) {
                long remaining = 100 - call;
                assertThat(answer.statusCode()).as("call %d", call).isEqualTo(200);
                assertThat(answer.header("X-Rate-Limit-Remaining")).as("call %d", call).isEqualTo(Long.toString(remaining));
                assertThat(answer.jsonPath().getLong("remaining")).isEqualTo(remaining);
                assertThat(answer.jsonPath().getString("limitType")).isEqualTo("api_calls");
                assertThat(remainingIn(answer, "api_calls_cycle")).isEqualTo(100_000 - call);
                assertThat(answer.header("Retry-After")).isNull();
                assertThat(answer.header("X-Rate-Limit-Type")).isNull();
                long retry = Long.parseLong(answer.header("X-Rate-Limit-Retry"));
                if (remaining > 0) {
                    assertThat(retry).as("now while calls remain").isBetween(now - 2, now);
                } else {
                    assertThat(retry).as("the reset once none remain").isEqualTo(minuteReset);
                }
            } else {
                assertThat(answer.statusCode()).as("call %d", call).isEqualTo(429);
                assertThat(answer.jsonPath().getBoolean("allowed")).isFalse();
                assertThat(answer.header("X-Rate-Limit-Type")).isEqualTo("api_calls");
                assertThat(answer.header("X-Rate-Limit-Remaining")).isEqualTo("0");
                assertThat(answer.header("X-Rate-Limit-Retry")).isEqualTo(Long.toString(minuteReset));
                long retryAfter = Long.parseLong(answer.header("Retry-After"));
                assertThat(retryAfter).isBetween(Math.max(1, minuteReset - now - 1), minuteReset - now + 1);
                assertThat(remainingIn(answer, "api_calls_cycle")).as("a refused call counts nowhere")
                        .isEqualTo(100_000 - 100);
                assertThat(answer.header("RateLimit")).isEqualTo("\"api_calls\";r=0;t=" + retryAfter);
            }
        }
    }

    @Test
    void theCycleWindowBindsWhenItHasFewerLeftAndRefusesAsApiCallsCycle() throws Exception {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Checks.writeCycleTotal(project, Checks.cycleStartOf(account), 99_997);
        Checks.awaitRoom(60, 10);

        Response first = check(project, "api");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("X-Rate-Limit-Limit")).isEqualTo("100000");
        assertThat(first.header("X-Rate-Limit-Remaining")).isEqualTo("2");
        assertThat(first.jsonPath().getString("limitType")).isEqualTo("api_calls_cycle");
        assertThat(check(project, "api").statusCode()).isEqualTo(200);
        Response last = check(project, "api");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.header("X-Rate-Limit-Remaining")).isEqualTo("0");

        Response refused = check(project, "api");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("api_calls_cycle");
        assertThat(refused.header("X-Rate-Limit-Limit")).isEqualTo("100000");
        String cycleEnd = asAdmin().get("/v1/accounts/" + account).jsonPath().getString("currentCycle.end");
        assertThat(refused.header("X-Rate-Limit-Retry")).isEqualTo(Long.toString(Instant.parse(cycleEnd).getEpochSecond()));
        assertThat(remainingIn(refused, "api_calls")).as("the minute kept what it had").isEqualTo(97);
    }

    @Test
    void organizationHasThreeHundredThousandCallsPerCycle() throws Exception {
        String account = Checks.account("organization");
        String project = Checks.project(account);
        Checks.writeCycleTotal(project, Checks.cycleStartOf(account), 299_999);

        Response last = check(project, "api");
        Response refused = check(project, "api");

        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(remainingIn(last, "api_calls")).isEqualTo(1_999);
        assertThat(last.header("X-Rate-Limit-Limit")).isEqualTo("300000");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("api_calls_cycle");
    }

    @Test
    void clientCallsAreFivePerFiveSecondsPerIpAndTheWindowRollsOver() throws Exception {
        String project = Checks.projectOn("business");
        Checks.awaitRoom(5, 3);

        for (int call = 1; call <= 5; call++) {
            Response answer = clientCheck(project, "203.0.113.7");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.header("X-Rate-Limit-Remaining")).isEqualTo(Long.toString(5 - call));
            assertThat(answer.jsonPath().getString("limitType")).isEqualTo("client_calls");
        }
        Response refused = clientCheck(project, "203.0.113.7");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("client_calls");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"client_calls\";q=5;w=5");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 5L);
        assertThat(Long.parseLong(refused.header("X-Rate-Limit-Retry")) % 5).isZero();
        assertThat(remainingIn(refused, "api_calls")).as("the refused call took nothing from the minute").isEqualTo(95);
        assertThat(clientCheck(project, "203.0.113.8").statusCode()).as("another IP has its own window").isEqualTo(200);
        assertThat(clientCheck(project, "::ffff:203.0.113.7").statusCode())
                .as("the same address spelt as IPv4-mapped IPv6 is the same client").isEqualTo(429);

        Thread.sleep(retryAfter * 1000 + 200);
        Response afterRollover = clientCheck(project, "203.0.113.7");
        assertThat(afterRollover.statusCode()).isEqualTo(200);
        assertThat(afterRollover.header("X-Rate-Limit-Remaining")).isEqualTo("4");
    }

    @Test
    void bulkCallsHaveTheirOwnHourlyWindowAndCountInTheCycle() {
        String project = Checks.projectOn("business");
        Response bulk = check(project, "bulk");
        assertThat(bulk.statusCode()).isEqualTo(200);
        assertThat(remainingIn(bulk, "bulk_api_calls")).isEqualTo(99);
        assertThat(remainingIn(bulk, "api_calls_cycle")).isEqualTo(99_999);
        assertThat(bulk.header("RateLimit-Policy")).isEqualTo("\"bulk_api_calls\";q=100;w=3600");

        Response heavy = check("{\"projectId\":\"" + project + "\",\"kind\":\"bulk\",\"cost\":100}");
        assertThat(heavy.statusCode()).as("99 left, 100 asked").isEqualTo(429);
        assertThat(heavy.header("X-Rate-Limit-Type")).isEqualTo("bulk_api_calls");
        assertThat(heavy.header("X-Rate-Limit-Remaining")).isEqualTo("99");
        assertThat(check(project, "api").statusCode()).as("a bulk refusal leaves plain calls alone").isEqualTo(200);
    }

    @Test
    void theSandboxHasOneHundredCallsAnHourAndNothingElse() throws Exception {
        String account = Checks.account("organization");
        String sandbox = Checks.sandboxOf(account);
        asAdmin().body("{\"extraPerMinute\":500,\"extraPerHour\":500,\"extraPerCycle\":500,\"validUntil\":\"%s\"}"
                .formatted(Instant.now().plusSeconds(3600))).post("/v1/accounts/" + account + "/api-packages")
                .then().statusCode(201);
        Checks.awaitRoom(3600, 60);

        for (int call = 1; call <= 100; call++) {
            Response answer = check(sandbox, call % 2 == 0 ? "api" : "bulk");
            assertThat(answer.statusCode()).as("call %d", call).isEqualTo(200);
        }
        Response refused = check(sandbox, "api");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("api_calls");
        assertThat(refused.header("X-Rate-Limit-Limit")).as("no package raises the Sandbox").isEqualTo("100");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"api_calls\";q=100;w=3600");
        assertThat(refused.jsonPath().getList("windows")).hasSize(1);
    }

    @Test
    void enterpriseCustomLimitsApplyAndZeroMeansUnlimited() throws Exception {
        String tight = Checks.project(Checks.account("enterprise", "{\"apiCallsPerMinute\":7,\"apiCallsPerCycle\":0}"));
        Checks.awaitRoom(60, 10);
        for (int call = 1; call <= 7; call++) {
            assertThat(check(tight, "api").statusCode()).isEqualTo(200);
        }
        Response refused = check(tight, "api");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Limit")).isEqualTo("7");
        assertThat(refused.jsonPath().getList("windows.type")).as("an unlimited cycle is not shown").containsExactly("api_calls");

        String open = Checks.project(Checks.account("enterprise", "{\"apiCallsPerMinute\":0,\"apiCallsPerCycle\":0}"));
        Response unlimited = check(open, "api");
        assertThat(unlimited.statusCode()).isEqualTo(200);
        assertThat(unlimited.jsonPath().getList("windows")).isEmpty();
        assertThat(unlimited.jsonPath().getString("limitType")).isNull();
        assertThat(unlimited.header("X-Rate-Limit-Limit")).as("no window, no limit headers").isNull();

        String defaults = Checks.projectOn("enterprise");
        assertThat(remainingIn(check(defaults, "api"), "api_calls")).as("organization values by default").isEqualTo(1_999);
    }

    @Test
    void badChecksAreProblemsAndCountNothing() {
        String project = Checks.projectOn("business");
        Problems.assertProblem(check("{\"projectId\":\"prj_missing\",\"kind\":\"api\"}"), 404, "not-found");
        Problems.assertProblem(check("{\"projectId\":\"" + project + "\",\"kind\":\"client\"}"), 400, "validation");
        Problems.assertProblem(clientCheck(project, "example.com"), 400, "validation");
        Problems.assertProblem(clientCheck(project, "300.1.1.1"), 400, "validation");
        Problems.assertProblem(check("{\"projectId\":\"" + project + "\",\"kind\":\"teapot\"}"), 400, "validation");
        Problems.assertProblem(check("{\"projectId\":\"" + project + "\",\"kind\":\"api\",\"cost\":0}"), 400, "validation");
        Problems.assertProblem(check("{\"projectId\":\"" + project + "\",\"kind\":\"api\",\"cost\":1001}"), 400, "validation");
        Problems.assertProblem(check("{\"kind\":\"api\"}"), 400, "validation");
        Problems.assertProblem(check("{\"projectId\":"), 400, "validation");

        assertThat(remainingIn(check(project, "api"), "api_calls")).as("nothing was counted").isEqualTo(99);
    }

    @Test
    void onlyTheGatewayAndTheOperatorMayAsk() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String body = "{\"projectId\":\"" + project + "\",\"kind\":\"api\"}";
        Problems.assertProblem(as(Tokens.owner(account)).body(body).post("/v1/checks"), 403, "forbidden");
        Problems.assertProblem(as(Tokens.member(account)).body(body).post("/v1/checks"), 403, "forbidden");
        Problems.assertProblem(io.restassured.RestAssured.given().contentType("application/json").body(body)
                .post("/v1/checks"), 401, "unauthorized");
        assertThat(asAdmin().body(body).post("/v1/checks").statusCode()).isEqualTo(200);
    }

    @Test
    void aPlanChangeIsSeenByTheNextDecision() throws Exception {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Checks.awaitRoom(60, 10);
        assertThat(check(project, "api").header("X-Rate-Limit-Remaining")).isEqualTo("99");

        asAdmin().body("{\"plan\":\"organization\"}").patch("/v1/accounts/" + account).then().statusCode(200);

        Response after = check(project, "api");
        assertThat(after.header("X-Rate-Limit-Limit")).isEqualTo("2000");
        assertThat(after.header("X-Rate-Limit-Remaining")).as("the minute's usage is kept").isEqualTo("1998");
    }

    @Test
    void aDeletedProjectIsNoLongerChecked() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        assertThat(check(project, "api").statusCode()).isEqualTo(200);
        as(Tokens.owner(account)).delete("/v1/projects/" + project).then().statusCode(204);
        Problems.assertProblem(check(project, "api"), 404, "not-found");
    }

    @Test
    void aNewTimeZoneMovesTheCycleAndKeepsItsCount() throws Exception {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Instant utcCycle = Checks.cycleStartOf(account);
        Checks.writeCycleTotal(project, utcCycle, 99_998);
        check(project, "api").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Checks.cycleTotal(project, utcCycle) == 99_999);

        asAdmin().body("{\"timezone\":\"Pacific/Kiritimati\"}").patch("/v1/accounts/" + account).then().statusCode(200);
        Instant movedCycle = Checks.cycleStartOf(account);

        assertThat(movedCycle).isNotEqualTo(utcCycle);
        Response last = check(project, "api");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(remainingIn(last, "api_calls_cycle")).as("the count moved with the cycle").isZero();
        assertThat(check(project, "api").header("X-Rate-Limit-Type")).isEqualTo("api_calls_cycle");
    }
}
