package io.headroom.distribution;

import static io.headroom.distribution.Answers.accepted;
import static io.headroom.distribution.Answers.assertUsage;
import static io.headroom.distribution.Answers.refused;
import static io.headroom.distribution.Answers.sms;
import static io.headroom.distribution.Answers.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.distribution.Sender.Account;
import io.headroom.distribution.Sender.Setup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Exact under concurrency (spec/distribution-service.md §3: "never more than the limit"): many
 * distributions of one account, built first and released together, against a known remaining
 * allowance; exactly as many messages as remain are accepted, and the counts and stored
 * distributions agree.
 */
@QuarkusTest
class ExactConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void threeHundredConcurrentOneRecipientSendsAgainstOneHundredLeftAcceptExactlyOneHundred() throws Exception {
        Account account = legacyBusiness100PerDay();

        List<HttpResponse<String>> answers = releasedTogether(account, 300, 1);

        assertThat(answers).filteredOn(a -> a.statusCode() == 202).hasSize(100);
        assertThat(answers).filteredOn(a -> a.statusCode() == 429).hasSize(200);
        assertThat(answers).filteredOn(a -> a.statusCode() == 429)
                .allSatisfy(a -> {
                    assertThat(a.headers().firstValue("X-Rate-Limit-Type")).hasValue("distribution_messages");
                    assertThat(a.headers().firstValue("X-Rate-Limit-Limit")).hasValue("100");
                    assertThat(a.headers().firstValue("X-Rate-Limit-Remaining")).hasValue("0");
                });
        assertUsage(account, 100, 100);
        assertThat(Answers.distributions(account)).isEqualTo(100);
        assertThat(Answers.messages(account)).isEqualTo(100);
        refused(sms(account, 1), 100);
    }

    @Test
    void fiftyConcurrentDistributionsOfThreeAgainstOneHundredLeftAcceptExactlyThirtyThree() throws Exception {
        Account account = legacyBusiness100PerDay();

        List<HttpResponse<String>> answers = releasedTogether(account, 50, 3);

        assertThat(answers).filteredOn(a -> a.statusCode() == 202).hasSize(33);
        assertThat(answers).filteredOn(a -> a.statusCode() == 429).hasSize(17);
        assertUsage(account, 99, 99);
        assertThat(Answers.distributions(account)).isEqualTo(33);
        assertThat(Answers.messages(account)).isEqualTo(99);

        // the one message left still fits, and then none
        window(accepted(sms(account, 1), 1), 100, 0);
        refused(sms(account, 1), 100);
        assertUsage(account, 100, 100);
    }

    /** A legacy business account (created 2020) whose plan allows 100 a day and 1,000 a month, check passed. */
    private Account legacyBusiness100PerDay() {
        Account account = sender.account(Setup.legacy("business", 100, 1_000));
        Sender.passAntispam(account);
        assertUsage(account, 0, 0);
        return account;
    }

    /**
     * Builds {@code calls} sms distributions of {@code recipients} recipients each, then starts
     * them all at once (asynchronously, one HTTP/1.1 connection each) and waits for every answer.
     */
    private static List<HttpResponse<String>> releasedTogether(Account account, int calls, int recipients)
            throws Exception {
        assertThat(RestAssured.port).as("the test HTTP port").isPositive();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/v1/projects/" + account.project()
                + "/distributions");
        String token = account.ownerToken();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String body = JSON.writeValueAsString(Sender.distribution("sms", Sender.phones(recipients)));
            requests.add(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();

        CompletableFuture<Void> start = new CompletableFuture<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (HttpRequest request : requests) {
            answers.add(start.thenCompose(go -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString())));
        }
        start.complete(null);
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            responses.add(answer.join());
        }
        assertThat(responses).as("every answer is an acceptance or a refusal")
                .allSatisfy(r -> assertThat(r.statusCode()).as("answer %s", r.body()).isIn(202, 429));
        return responses;
    }
}
