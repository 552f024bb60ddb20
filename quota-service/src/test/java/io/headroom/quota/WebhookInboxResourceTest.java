package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.event.Topology;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.RecordingTarget;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The webhook inbox (spec/quota-service.md §5) against real PostgreSQL, Redis, RabbitMQ and a local
 * HTTP target: the endpoints and their roles, the daily bucket, delivery, retries and failure.
 */
@QuarkusTest
class WebhookInboxResourceTest {

    private static RecordingTarget target;

    @BeforeAll
    static void startTarget() {
        target = RecordingTarget.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void anAcceptedCallIsQueuedWithTheBucketsHeadersAndDeliveredOnceWithItsPayload() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Webhooks.target(account, project, target.url("/one/" + project));

        Response posted = Webhooks.post(project, "{\"order\":42,\"items\":[\"a\",\"b\"]}");

        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(202);
        String id = posted.jsonPath().getString("id");
        assertThat(id).startsWith("whc_");
        assertThat(posted.jsonPath().getString("status")).isEqualTo("queued");
        assertThat(posted.header("X-Rate-Limit-Limit")).isEqualTo("144000");
        assertThat(posted.header("X-Rate-Limit-Remaining")).isEqualTo("143999");
        assertThat(posted.header("RateLimit-Policy")).isEqualTo("\"webhook_calls\";q=144000;w=86400");
        assertThat(posted.header("Retry-After")).isNull();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(Webhooks.status(project, id)));
        List<RecordingTarget.Hit> hits = target.hits("/one/" + project);
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).webhookId()).isEqualTo(id);
        JsonObject body = new JsonObject(hits.get(0).body());
        assertThat(body.getString("id")).isEqualTo(id);
        assertThat(body.getString("projectId")).isEqualTo(project);
        assertThat(body.getString("source")).isEqualTo("crm");
        assertThat(body.getJsonObject("payload")).isEqualTo(new JsonObject("{\"order\":42,\"items\":[\"a\",\"b\"]}"));
        Response call = Webhooks.call(project, id);
        assertThat(call.jsonPath().getInt("attempts")).isEqualTo(1);
        assertThat(call.jsonPath().getInt("lastStatus")).isEqualTo(200);
        assertThat(call.jsonPath().getString("finishedAt")).isNotNull();
    }

    @Test
    void aSmallBucketAdmitsExactlyItsSizeUnderConcurrencyThenRefusesUntilMidnightInTheAccountsZone()
            throws Exception {
        String account = Fixtures.newAccountId();
        Response created = asAdmin().body("""
                {"id":"%s","name":"Acme","ownerEmail":"owner@acme.test","plan":"enterprise",
                 "timezone":"Pacific/Auckland","customLimits":{"webhookCallsPerDay":5}}
                """.formatted(account)).post("/v1/accounts");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String project = Checks.project(account);
        Webhooks.target(account, project, target.url("/bucket/" + project));

        List<Integer> statuses = Fixtures.concurrently(20, 20, i -> Webhooks.post(project, "{\"n\":" + i + "}"));

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
        Response refused = Webhooks.post(project, "{\"n\":21}");
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.jsonPath().getString("limitType")).isEqualTo("webhook_calls");
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("webhook_calls");
        assertThat(refused.header("X-Rate-Limit-Limit")).isEqualTo("5");
        assertThat(refused.header("X-Rate-Limit-Remaining")).isEqualTo("0");
        Instant midnight = ZonedDateTime.now(ZoneId.of("Pacific/Auckland")).truncatedTo(ChronoUnit.DAYS).plusDays(1)
                .toInstant();
        assertThat(Long.parseLong(refused.header("X-Rate-Limit-Retry"))).isEqualTo(midnight.getEpochSecond());
        long expectedWait = Duration.between(Instant.now(), midnight).toSeconds();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(expectedWait - 5, expectedWait + 5);
        // the five accepted are all delivered; nothing of the refused ones was stored or sent
        await().atMost(Duration.ofSeconds(20)).until(() -> target.hits("/bucket/" + project).size() == 5);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(target.hits("/bucket/" + project)).hasSize(5);
        Response usage = as(Tokens.owner(account)).get("/v1/projects/" + project + "/usage");
        assertThat(usage.jsonPath().getLong("metrics.webhook_calls.used")).isEqualTo(5);
        assertThat(usage.jsonPath().getLong("metrics.webhook_calls.limit")).isEqualTo(5);
    }

    @Test
    void eachPlanHasItsDailyBucket() {
        String organization = Checks.account("organization");
        assertThat(bucketOf(organization, Checks.project(organization))).isEqualTo("288000");
        // enterprise without its own bucket: the effective apiCallsPerMinute × 1,440
        String enterprise = Checks.account("enterprise", "{\"apiCallsPerMinute\":7}");
        assertThat(bucketOf(enterprise, Checks.project(enterprise))).isEqualTo("10080");
        // the Sandbox project: its 100 calls per hour × 24
        String business = Checks.account("business");
        assertThat(bucketOf(business, Checks.sandboxOf(business))).isEqualTo("2400");
    }

    private static String bucketOf(String account, String project) {
        Webhooks.target(account, project, target.url("/plans/" + project));
        return Webhooks.post(project, "{}").header("X-Rate-Limit-Limit");
    }

    @Test
    void aTargetMayRedirectThreeTimesButNotFour() {
        String account = Checks.account("business");
        String three = Checks.project(account);
        String four = Checks.project(account);
        for (String project : List.of(three, four)) {
            for (int hop = 1; hop <= 4; hop++) {
                target.redirect("/hop" + hop + "/" + project, target.url("/hop" + (hop + 1) + "/" + project));
            }
        }
        Webhooks.target(account, three, target.url("/hop2/" + three)); // hops 2, 3, 4 redirect, 5 answers
        Webhooks.target(account, four, target.url("/hop1/" + four)); // four redirects

        String followed = Webhooks.accepted(three, "{}");
        String refused = Webhooks.accepted(four, "{}");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(Webhooks.status(three, followed)));
        assertThat(target.hits("/hop5/" + three)).extracting(RecordingTarget.Hit::webhookId).containsExactly(followed);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(Webhooks.status(four, refused)));
        assertThat(Webhooks.call(four, refused).jsonPath().getString("lastError")).contains("more than 3");
        assertThat(target.hits("/hop5/" + four)).isEmpty();
    }

    @Test
    void aFailingTargetGetsRetriesWithBackoffAndTheCallEndsFailedAfterTheLast() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String path = "/down/" + project;
        target.answer(path, n -> 503);
        Webhooks.target(account, project, target.url(path));

        String id = Webhooks.accepted(project, "{\"x\":1}");

        // the test profile allows 3 attempts, 200 ms apart and then doubling
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(Webhooks.status(project, id)));
        Response call = Webhooks.call(project, id);
        assertThat(call.jsonPath().getInt("attempts")).isEqualTo(3);
        assertThat(call.jsonPath().getInt("lastStatus")).isEqualTo(503);
        assertThat(call.jsonPath().getString("lastError")).contains("503");
        List<RecordingTarget.Hit> hits = target.hits(path);
        assertThat(hits).extracting(RecordingTarget.Hit::attempt).containsExactly(1, 2, 3);
        assertThat(Duration.between(hits.get(0).at(), hits.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(160 + 320));
    }

    @Test
    void aTargetThatRecoversGetsTheCallOnTheNextAttempt() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String path = "/flaky/" + project;
        target.answer(path, n -> n == 1 ? 500 : 204);
        Webhooks.target(account, project, target.url(path));

        String id = Webhooks.accepted(project, "[1,2,3]");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(Webhooks.status(project, id)));
        assertThat(Webhooks.call(project, id).jsonPath().getInt("attempts")).isEqualTo(2);
        assertThat(target.hits(path)).extracting(RecordingTarget.Hit::webhookId).containsExactly(id, id);
    }

    @Test
    void eachCallPublishesTheHourAndTheDayAsUsageSnapshots() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Webhooks.target(account, project, target.url("/snap/" + project));
        try (BrokerProbe probe = BrokerProbe.connect().listen(Topology.USAGE_SNAPSHOT)) {
            for (int i = 0; i < 3; i++) {
                Webhooks.accepted(project, "{}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> snapshot(probe, project, "hour", 3) != null
                    && snapshot(probe, project, "day", 3) != null);
            JsonObject hour = snapshot(probe, project, "hour", 3);
            assertThat(hour.getString("accountId")).isEqualTo(account);
            assertThat(hour.getLong("limit")).isEqualTo(6_000); // 144,000 ÷ 24: the webhook-hour alert's share
            Instant start = Instant.parse(hour.getString("periodStart"));
            assertThat(start).isEqualTo(start.truncatedTo(ChronoUnit.HOURS));
            assertThat(Instant.parse(hour.getString("periodEnd"))).isEqualTo(start.plus(Duration.ofHours(1)));
            assertThat(snapshot(probe, project, "day", 3).getLong("limit")).isEqualTo(144_000);
        }
    }

    @Test
    void anIdempotencyKeyMakesARepeatReturnTheSameCallAndCountNothing() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        Webhooks.target(account, project, target.url("/idem/" + project));
        String body = "{\"source\":\"crm\",\"payload\":{\"k\":1}}";

        Response first = as(Tokens.gateway()).header("Idempotency-Key", "k-1").body(body)
                .post("/v1/projects/" + project + "/webhook-calls");
        Response again = as(Tokens.gateway()).header("Idempotency-Key", "k-1").body(body)
                .post("/v1/projects/" + project + "/webhook-calls");
        Response other = as(Tokens.gateway()).header("Idempotency-Key", "k-1")
                .body("{\"source\":\"crm\",\"payload\":{\"k\":2}}").post("/v1/projects/" + project + "/webhook-calls");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(again.header("X-Rate-Limit-Remaining")).isEqualTo("143999");
        assertProblem(other, 409, "conflict");
        await().atMost(Duration.ofSeconds(15)).until(() -> target.hits("/idem/" + project).size() == 1);
        assertThat(Webhooks.accepted(project, "{}")).isNotNull();
        Response third = Webhooks.post(project, "{}");
        assertThat(third.header("X-Rate-Limit-Remaining")).isEqualTo("143997");
    }

    @Test
    void badCallsAreClearProblemsAndCountNothing() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String calls = "/v1/projects/" + project + "/webhook-calls";

        assertProblem(Webhooks.post(project, "{}"), 409, "conflict"); // no target yet
        Webhooks.target(account, project, target.url("/bad/" + project));
        assertProblem(as(Tokens.gateway()).body("{\"payload\":{}}").post(calls), 400, "validation");
        assertProblem(as(Tokens.gateway()).body("{\"source\":\"crm\"}").post(calls), 400, "validation");
        assertProblem(as(Tokens.gateway()).body("{\"source\":\"crm\",\"payload\":null}").post(calls), 400,
                "validation");
        assertProblem(as(Tokens.gateway()).body("{\"source\":\"" + "s".repeat(201) + "\",\"payload\":1}").post(calls),
                400, "validation");
        assertProblem(as(Tokens.gateway()).body("{\"source\":\"crm\",\"payload\":").post(calls), 400, "validation");
        String big = "\"" + "x".repeat(WEBHOOK_LIMIT) + "\""; // 256 KiB of text plus its quotes
        Response tooLarge = Webhooks.post(project, big);
        assertProblem(tooLarge, 413, "payload-too-large");
        Response huge = Webhooks.post(project, "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        assertProblem(huge, 413, "payload-too-large");
        assertProblem(Webhooks.post("prj_missing", "{}"), 404, "not-found");

        Response fits = Webhooks.post(project, "\"" + "x".repeat(WEBHOOK_LIMIT - 2) + "\"");
        assertThat(fits.statusCode()).as(fits.asString()).isEqualTo(202);
        assertThat(fits.header("X-Rate-Limit-Remaining")).isEqualTo("143999");
    }

    private static final int WEBHOOK_LIMIT = 256 * 1024;

    @Test
    void theTargetIsAProjectSettingWithAValidatedUrl() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String path = "/v1/projects/" + project + "/webhook-target";

        assertProblem(as(Tokens.owner(account)).get(path), 404, "not-found");
        Response set = as(Tokens.owner(account)).body("{\"url\":\"https://hooks.example.com/in?x=1\"}").put(path);
        assertThat(set.statusCode()).as(set.asString()).isEqualTo(200);
        assertThat(set.jsonPath().getString("url")).isEqualTo("https://hooks.example.com/in?x=1");
        assertThat(as(Tokens.owner(account)).get(path).jsonPath().getString("url"))
                .isEqualTo("https://hooks.example.com/in?x=1");

        for (String bad : List.of("ftp://example.com/x", "not a url", "https://user:pw@example.com/",
                "https://example.com/" + "p".repeat(2_000), "/relative")) {
            assertProblem(as(Tokens.owner(account)).body(new JsonObject().put("url", bad).encode()).put(path), 400,
                    "validation");
        }
        assertProblem(as(Tokens.owner(account)).body("{}").put(path), 400, "validation");
        assertThat(as(Tokens.owner(account)).get(path).jsonPath().getString("url"))
                .isEqualTo("https://hooks.example.com/in?x=1");

        assertThat(as(Tokens.owner(account)).delete(path).statusCode()).isEqualTo(204);
        assertProblem(as(Tokens.owner(account)).get(path), 404, "not-found");
    }

    @Test
    void rolesAndAccountsAreEnforcedOnEveryWebhookEndpoint() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String stranger = Checks.account("business");
        Webhooks.target(account, project, target.url("/roles/" + project));
        String id = Webhooks.accepted(project, "{}");
        String targetPath = "/v1/projects/" + project + "/webhook-target";
        String callPath = "/v1/projects/" + project + "/webhook-calls/" + id;
        String admin = Tokens.member(account, Map.of(project, "admin"));
        String viewer = Tokens.member(account, Map.of(project, "viewer"));

        // the target: owner and project admin; a viewer may not; another account sees nothing
        assertThat(as(admin).get(targetPath).statusCode()).isEqualTo(200);
        assertProblem(as(viewer).get(targetPath), 403, "forbidden");
        assertProblem(as(Tokens.owner(stranger)).get(targetPath), 404, "not-found");
        assertProblem(as(Tokens.owner(stranger)).body("{\"url\":\"http://x.example/\"}").put(targetPath), 404,
                "not-found");
        assertThat(as(Tokens.gateway()).get(targetPath).statusCode()).isEqualTo(403);
        // posting calls: the gateway's (and the operator's) only
        assertThat(as(Tokens.owner(account)).body("{\"source\":\"s\",\"payload\":1}")
                .post("/v1/projects/" + project + "/webhook-calls").statusCode()).isEqualTo(403);
        assertThat(Fixtures.asAdmin().body("{\"source\":\"s\",\"payload\":1}")
                .post("/v1/projects/" + project + "/webhook-calls").statusCode()).isEqualTo(202);
        // a call: the project's readers, the gateway; another account's owner gets 404, as for a missing call
        assertThat(as(viewer).get(callPath).statusCode()).isEqualTo(200);
        assertThat(as(Tokens.owner(account)).get(callPath).jsonPath().getString("id")).isEqualTo(id);
        assertProblem(as(Tokens.owner(stranger)).get(callPath), 404, "not-found");
        assertProblem(as(Tokens.owner(account)).get("/v1/projects/" + project + "/webhook-calls/whc_nope"), 404,
                "not-found");
        String otherProject = Checks.project(account);
        assertProblem(as(Tokens.owner(account)).get("/v1/projects/" + otherProject + "/webhook-calls/" + id), 404,
                "not-found");
        // no token at all
        assertThat(io.restassured.RestAssured.given().get(callPath).statusCode()).isEqualTo(401);
    }

    private static JsonObject snapshot(BrokerProbe probe, String project, String window, long used) {
        for (String message : probe.received(project)) {
            JsonObject event = new JsonObject(message);
            if ("webhook_calls".equals(event.getString("metric")) && window.equals(event.getString("window"))
                    && event.getLong("used") == used) {
                return event;
            }
        }
        return null;
    }
}
