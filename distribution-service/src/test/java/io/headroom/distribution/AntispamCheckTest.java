package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The anti-spam check workflow (spec: distribution-service §1): {@code not_requested} until the
 * owner asks, {@code pending} until platform-admin decides, {@code passed} or {@code rejected}
 * after; a rejected account may ask again, a pending or passed one may not; each decision is
 * published once as {@code antispam.decided}; a passed check opens the e-mail channel (§2).
 */
@QuarkusTest
class AntispamCheckTest {

    private static final String PASSED = "\"decision\":\"passed\"";
    private static final String REJECTED = "\"decision\":\"rejected\"";

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    @AfterEach
    void disconnect() {
        sender.close();
    }

    @Test
    void beforeAnyRequestTheCheckIsNotRequested() {
        Sender.Account account = sender.account(Sender.Setup.current());

        JsonPath check = ok(check(account));

        assertThat(check.getString("state")).isEqualTo("not_requested");
        assertThat(check.getString("accountId")).isEqualTo(account.id());
        assertThat(check.getInt("requests")).isZero();
        assertThat(check.getString("senderDomain")).isNull();
        assertThat(check.getString("decidedBy")).isNull();
    }

    @Test
    void theOwnerRequestsTheCheckAndItIsPending() {
        Sender.Account account = sender.account(Sender.Setup.current());

        Response requested = request(account, "https://shop.example.com", "News.Example.COM",
                "Order confirmations and a monthly newsletter to customers who opted in");

        assertThat(requested.statusCode()).as(requested.asString()).isEqualTo(202);
        JsonPath body = requested.jsonPath();
        assertThat(body.getString("state")).isEqualTo("pending");
        assertThat(body.getString("accountId")).isEqualTo(account.id());
        assertThat(body.getString("companyWebsite")).isEqualTo("https://shop.example.com");
        assertThat(body.getString("senderDomain")).as("lower-cased").isEqualTo("news.example.com");
        assertThat(body.getString("useCase"))
                .isEqualTo("Order confirmations and a monthly newsletter to customers who opted in");
        assertThat(body.getString("requestedBy")).isEqualTo("owner-of-" + account.id());
        assertThat(body.getString("requestedAt")).isNotBlank();
        assertThat(body.getInt("requests")).isEqualTo(1);
        assertThat(body.getString("decidedBy")).isNull();

        JsonPath stored = ok(check(account));
        assertThat(stored.getString("state")).isEqualTo("pending");
        assertThat(stored.getString("senderDomain")).isEqualTo("news.example.com");
        assertThat(stored.getInt("requests")).isEqualTo(1);
    }

    @Test
    void aSecondRequestWhilePendingIsAConflictAndChangesNothing() {
        Sender.Account account = sender.account(Sender.Setup.current());
        request(account, "https://shop.example.com", "news.example.com", "First use case").then().statusCode(202);

        Response again = request(account, "https://other.example.com", "mail.other.example.com", "Second use case");

        assertProblem(again, 409, "conflict");
        JsonPath stored = ok(check(account));
        assertThat(stored.getString("state")).isEqualTo("pending");
        assertThat(stored.getString("useCase")).isEqualTo("First use case");
        assertThat(stored.getString("senderDomain")).isEqualTo("news.example.com");
        assertThat(stored.getInt("requests")).isEqualTo(1);
    }

    @Test
    void twentyConcurrentFirstRequestsMakeOnePendingCheckAndNineteenConflicts() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current());
        int callers = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String useCase = "Use case " + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return request(account, "https://shop.example.com", "news.example.com", useCase);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses).filteredOn(r -> r.statusCode() == 202).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(callers - 1)
                    .allSatisfy(r -> assertThat(r.jsonPath().getString("detail")).contains("already pending"));
        } finally {
            pool.shutdownNow();
        }
        JsonPath stored = ok(check(account));
        assertThat(stored.getString("state")).isEqualTo("pending");
        assertThat(stored.getInt("requests")).isEqualTo(1);
    }

    @Test
    void aRejectedAccountMayRequestAgain() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.requestAntispam(account).then().statusCode(202);

        Response rejected = Sender.decide(account, "rejected", "The website does not mention the newsletter");

        assertThat(rejected.statusCode()).as(rejected.asString()).isEqualTo(200);
        assertThat(rejected.jsonPath().getString("state")).isEqualTo("rejected");
        assertThat(rejected.jsonPath().getString("reason")).isEqualTo("The website does not mention the newsletter");
        assertThat(rejected.jsonPath().getString("decidedBy")).isEqualTo("operator");
        assertThat(rejected.jsonPath().getString("decidedAt")).isNotBlank();
        assertThat(ok(check(account)).getString("state")).isEqualTo("rejected");

        Response again = request(account, "https://shop.example.com/newsletter", "news.example.com",
                "Monthly newsletter, described on our website");

        assertThat(again.statusCode()).as(again.asString()).isEqualTo(202);
        assertThat(again.jsonPath().getString("state")).isEqualTo("pending");
        assertThat(again.jsonPath().getInt("requests")).isEqualTo(2);
        assertThat(again.jsonPath().getString("companyWebsite")).isEqualTo("https://shop.example.com/newsletter");
        assertThat(again.jsonPath().getString("reason")).as("the old decision is cleared").isNull();
        assertThat(again.jsonPath().getString("decidedBy")).isNull();
        JsonPath stored = ok(check(account));
        assertThat(stored.getString("state")).isEqualTo("pending");
        assertThat(stored.getInt("requests")).isEqualTo(2);
    }

    @Test
    void aPassedCheckCannotBeRequestedOrDecidedAgain() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.requestAntispam(account).then().statusCode(202);

        Response passed = Sender.decide(account, "passed", null);

        assertThat(passed.statusCode()).as(passed.asString()).isEqualTo(200);
        assertThat(passed.jsonPath().getString("state")).isEqualTo("passed");
        assertThat(passed.jsonPath().getString("decidedBy")).isEqualTo("operator");

        assertProblem(Sender.requestAntispam(account), 409, "conflict");
        assertProblem(Sender.decide(account, "rejected", "second thoughts"), 409, "conflict");
        JsonPath stored = ok(check(account));
        assertThat(stored.getString("state")).isEqualTo("passed");
        assertThat(stored.getInt("requests")).isEqualTo(1);
        assertThat(stored.getString("reason")).isNull();
    }

    @Test
    void decidingWhenNothingIsPendingIsAConflict() {
        Sender.Account account = sender.account(Sender.Setup.current());

        assertProblem(Sender.decide(account, "passed", null), 409, "conflict");

        assertThat(ok(check(account)).getString("state")).isEqualTo("not_requested");
        assertThat(ok(Sender.limits(account)).getString("antiSpamCheck")).isEqualTo("not_requested");

        Sender.requestAntispam(account).then().statusCode(202);
        Sender.decide(account, "rejected", "Unknown company").then().statusCode(200);

        assertProblem(Sender.decide(account, "passed", null), 409, "conflict");
        assertThat(ok(check(account)).getString("state")).isEqualTo("rejected");
    }

    @Test
    void eachDecisionIsPublishedOnceAsAntispamDecided() {
        Sender.Account account = sender.account(Sender.Setup.current());
        try (BrokerProbe events = BrokerProbe.connect().listen("antispam.decided")) {
            Sender.requestAntispam(account).then().statusCode(202);
            Sender.decide(account, "rejected", "Sender domain not verified").then().statusCode(200);

            await().atMost(Sender.PATIENCE).untilAsserted(() -> assertThat(events.received(account.id()))
                    .filteredOn(body -> body.contains(REJECTED)).hasSize(1));
            String rejection = events.received(REJECTED).stream().filter(body -> body.contains(account.id()))
                    .findFirst().orElseThrow();
            assertThat(rejection).contains("Sender domain not verified", "\"accountId\":\"" + account.id() + "\"");

            Sender.requestAntispam(account).then().statusCode(202);
            Sender.decide(account, "passed", null).then().statusCode(200);

            await().atMost(Sender.PATIENCE).untilAsserted(() -> assertThat(events.received(account.id()))
                    .filteredOn(body -> body.contains(PASSED)).hasSize(1));
            List<String> all = events.received(account.id());
            assertThat(all).as("one event per decision, requests publish nothing").hasSize(2);
            assertThat(all).filteredOn(body -> body.contains(REJECTED)).hasSize(1);
        }
    }

    @Test
    void aPassedCheckShowsInTheDistributionLimits() {
        Sender.Account account = sender.account(Sender.Setup.current());
        JsonPath before = ok(Sender.limits(account));
        assertThat(before.getString("antiSpamCheck")).isEqualTo("not_requested");
        assertThat(before.getBoolean("limits.emailAllowed")).isFalse();
        assertThat(before.getLong("limits.perDay")).isEqualTo(10);
        assertThat(before.getLong("limits.perMonth")).isEqualTo(10);

        Sender.requestAntispam(account).then().statusCode(202);
        JsonPath pending = ok(Sender.limits(account));
        assertThat(pending.getString("antiSpamCheck")).isEqualTo("pending");
        assertThat(pending.getBoolean("limits.emailAllowed")).isFalse();

        Sender.decide(account, "passed", "Verified").then().statusCode(200);

        JsonPath after = ok(Sender.limits(account));
        assertThat(after.getString("antiSpamCheck")).isEqualTo("passed");
        assertThat(after.getString("accountType")).isEqualTo("current");
        assertThat(after.getBoolean("limits.emailAllowed")).isTrue();
        assertThat(after.getLong("limits.perDay")).as("unlimited").isZero();
        assertThat(after.getLong("limits.perMonth")).as("unlimited").isZero();
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Response request(Sender.Account account, String website, String domain, String useCase) {
        return Sender.as(account.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("companyWebsite", website, "senderDomain", domain, "useCase", useCase))
                .post("/v1/accounts/" + account.id() + "/anti-spam-check");
    }

    private static Response check(Sender.Account account) {
        return Sender.as(account.ownerToken()).get("/v1/accounts/" + account.id() + "/anti-spam-check");
    }

    private static JsonPath ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath();
    }
}
