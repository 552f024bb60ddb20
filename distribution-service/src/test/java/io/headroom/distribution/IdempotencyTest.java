package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * {@code Idempotency-Key} on {@code POST /v1/projects/{projectId}/distributions}
 * (spec/conventions.md "Idempotency", spec/distribution-service.md §3): a repeat with the same key
 * and body answers the first 202 and counts and sends nothing again, also when 20 repeats arrive
 * together; the same key with another body is a 409 {@code conflict}; a key used on a refused
 * request (429 {@code distribution_messages}, 403 without a passed check) leaves no record, so the
 * same request succeeds once it fits.
 */
@QuarkusTest
class IdempotencyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

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
    void aRepeatWithTheSameKeyAndBodyAnswersTheFirstResponseAndSendsOnce() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current()); // check not passed: 10 a day
        List<String> phones = GatewayHits.phones(2);
        Map<String, Object> body = Sender.distribution("sms", phones);
        String key = key();

        Response first = Sender.send(account.ownerToken(), account.project(), body, key);
        Response repeat = Sender.send(account.ownerToken(), account.project(), body, key);

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(202);
        assertThat(repeat.statusCode()).as(repeat.asString()).isEqualTo(202);
        String id = first.jsonPath().getString("id");
        assertThat(repeat.jsonPath().getString("id")).isEqualTo(id);
        assertThat(repeat.jsonPath().getInt("messages")).isEqualTo(2);
        assertThat(repeat.jsonPath().getString("status")).isEqualTo("queued");
        assertThat(first.header("X-Rate-Limit-Remaining")).isEqualTo("8");
        assertThat(repeat.header("X-Rate-Limit-Remaining")).as("the first answer, counted once").isEqualTo("8");

        assertUsage(account, 2);
        assertThat(distributions(account)).isEqualTo(1);
        Sender.awaitSettled(account, id);
        for (String phone : phones) {
            assertThat(GatewayHits.smsTo(phone)).as("gateway requests for %s", phone).hasSize(1);
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndCountsNothing() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current());
        String key = key();
        Response first = Sender.send(account.ownerToken(), account.project(),
                Sender.distribution("sms", GatewayHits.phones(1)), key);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(202);

        Response other = Sender.send(account.ownerToken(), account.project(),
                Sender.distribution("sms", GatewayHits.phones(3)), key);

        assertProblem(other, 409, "conflict");
        assertUsage(account, 1);
        assertThat(distributions(account)).isEqualTo(1);
    }

    @Test
    void aKeyUsedOnARequestRefusedForTheLimitIsFreeForTheRetryThatFits() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current()); // check not passed: 10 a day
        Map<String, Object> body = Sender.distribution("sms", GatewayHits.phones(11));
        String key = key();

        Response refused = Sender.send(account.ownerToken(), account.project(), body, key);
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("distribution_messages");
        assertUsage(account, 0);
        assertThat(distributions(account)).isZero();

        Sender.passAntispam(account); // current pricing, check passed: unlimited
        Response retried = Sender.send(account.ownerToken(), account.project(), body, key);

        assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(202);
        assertThat(retried.jsonPath().getInt("messages")).isEqualTo(11);
        assertUsage(account, 11);
        assertThat(distributions(account)).isEqualTo(1);
        // from now on the key answers the accepted distribution
        Response repeat = Sender.send(account.ownerToken(), account.project(), body, key);
        assertThat(repeat.statusCode()).as(repeat.asString()).isEqualTo(202);
        assertThat(repeat.jsonPath().getString("id")).isEqualTo(retried.jsonPath().getString("id"));
        assertUsage(account, 11);
    }

    @Test
    void aKeyUsedOnAnEmailRefusedWithoutTheCheckIsFreeOnceTheCheckPassed() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current());
        Map<String, Object> body = Sender.distribution("email", Sender.emails(2));
        String key = key();

        Response refused = Sender.send(account.ownerToken(), account.project(), body, key);
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.jsonPath().getString("detail")).contains("anti-spam");
        assertUsage(account, 0);
        assertThat(distributions(account)).isZero();

        Sender.passAntispam(account);
        Response retried = Sender.send(account.ownerToken(), account.project(), body, key);

        assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(202);
        assertThat(retried.jsonPath().getInt("messages")).isEqualTo(2);
        assertUsage(account, 2);
        assertThat(distributions(account)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyMakeOneDistribution() throws Exception {
        Sender.Account account = sender.account(Sender.Setup.current());
        String phone = GatewayHits.phones(1).get(0);
        String body = new JsonObject(Sender.distribution("sms", List.of(phone))).encode();
        String key = key();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/projects/" + account.project()
                + "/distributions");
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + account.ownerToken())
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        // all built first, then sent at once
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (HttpRequest request : requests) {
            pending.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            answers.add(answer.get(60, TimeUnit.SECONDS));
        }

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus.keySet()).as("statuses %s", byStatus).isSubsetOf(202, 409);
        assertThat(byStatus).as("statuses").containsKey(202);
        Set<String> ids = answers.stream().filter(answer -> answer.statusCode() == 202)
                .map(answer -> new JsonObject(answer.body()).getString("id")).collect(Collectors.toSet());
        assertThat(ids).as("ids answered with 202").hasSize(1);
        assertThat(distributions(account)).as("distributions of the project").isEqualTo(1);
        assertUsage(account, 1);

        Sender.awaitSettled(account, ids.iterator().next());
        assertThat(GatewayHits.smsTo(phone)).as("gateway requests for %s", phone).hasSize(1);
    }

    private static String key() {
        return "idem-" + UUID.randomUUID();
    }

    private static void assertUsage(Sender.Account account, long today) {
        Response limits = Sender.limits(account);
        assertThat(limits.statusCode()).as(limits.asString()).isEqualTo(200);
        JsonPath body = limits.jsonPath();
        assertThat(body.getLong("usage.today")).as("usage.today").isEqualTo(today);
        assertThat(body.getLong("usage.thisMonth")).as("usage.thisMonth").isEqualTo(today);
    }

    private static long distributions(Sender.Account account) throws Exception {
        return Sender.count("select count(*) from distribution where project_id = ?", account.project());
    }
}
