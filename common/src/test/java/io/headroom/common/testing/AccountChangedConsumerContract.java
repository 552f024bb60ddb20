package io.headroom.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.Topology;
import io.headroom.common.id.Ids;
import io.restassured.response.Response;

/**
 * What every consumer of {@code account.changed} must show against the real broker: the event
 * becomes the service's projection, a redelivery acts once, an older state arriving late is
 * ignored, and an unreadable message goes to the dead-letter queue while the next one is
 * processed; its operator endpoint is the platform-admin's alone and answers problems for bad
 * paths and methods. A service's test extends this class as a {@code @QuarkusTest}.
 */
public abstract class AccountChangedConsumerContract {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private BrokerProbe broker;

    /** The dead-letter queue of this service's {@code account.changed} queue. */
    protected abstract String deadLetterQueue();

    @BeforeEach
    void connect() {
        broker = BrokerProbe.connect();
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    @Test
    void anAccountChangedEventBecomesTheProjection() {
        String accountId = Ids.next(Ids.ACCOUNT);
        publish(event(accountId, "Acme", Instant.now()));

        Response projection = awaitProjection(accountId, 1);
        assertThat(projection.jsonPath().getString("name")).isEqualTo("Acme");
        assertThat(projection.jsonPath().getString("timezone")).isEqualTo("Europe/Madrid");
    }

    @Test
    void theSameEventDeliveredTwiceActsOnce() {
        String accountId = Ids.next(Ids.ACCOUNT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AccountChanged first = event(accountId, "First", now);
        publish(first);
        publish(first);
        publish(event(accountId, "Second", now.plusSeconds(1)));

        Response projection = awaitProjection(accountId, 2);
        assertThat(projection.jsonPath().getString("name")).isEqualTo("Second");
    }

    @Test
    void anOlderStateArrivingAfterANewerOneIsIgnored() {
        String accountId = Ids.next(Ids.ACCOUNT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(event(accountId, "Newer", now));
        publish(event(accountId, "Older", now.minusSeconds(60)));
        String barrier = Ids.next(Ids.ACCOUNT);
        publish(event(barrier, "Barrier", now));

        awaitProjection(barrier, 1);
        Response projection = awaitProjection(accountId, 1);
        assertThat(projection.jsonPath().getString("name")).isEqualTo("Newer");
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterQueueWhileTheNextOneIsProcessed() throws JsonProcessingException {
        String marker = UUID.randomUUID().toString();
        broker.publish(Topology.ACCOUNT_CHANGED, "this is not JSON " + marker, "text/plain");
        broker.publish(Topology.ACCOUNT_CHANGED, "{\"eventId\":\"" + marker + "\",\"schemaVersion\":99,"
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"accountId\":\"acc_future\"}", "application/json");
        String accountId = Ids.next(Ids.ACCOUNT);
        publish(event(accountId, "After the poison", Instant.now()));

        awaitProjection(accountId, 1);
        List<String> deadLetters = new java.util.ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            deadLetters.addAll(broker.drain(deadLetterQueue()));
            return deadLetters.stream().filter(body -> body.contains(marker)).count() == 2;
        });
    }

    @Test
    void everyBusinessEndpointAnswers401WithoutAValidToken() {
        assertThat(SecurityContract.assertEveryOperationRequiresAValidToken()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyThePlatformAdminReadsTheProjectionAndAnUnknownAccountIsNotFound() {
        String accountId = Ids.next(Ids.ACCOUNT);
        publish(event(accountId, "Private", Instant.now()));
        awaitProjection(accountId, 1);

        Problems.assertProblem(given().header("Authorization", "Bearer " + Tokens.owner(accountId))
                .get("/v1/accounts/" + accountId), 403, "forbidden");
        Problems.assertProblem(given().header("Authorization", "Bearer " + Tokens.gateway())
                .get("/v1/accounts/" + accountId), 403, "forbidden");
        Problems.assertProblem(given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                .get("/v1/accounts/acc_neverseen"), 404, "not-found");
    }

    @Test
    void unknownPathsAndMethodsAnswerProblems() {
        Problems.assertProblem(given().get("/v1/nothing"), 404, "not-found");
        Response wrongMethod = given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                .delete("/v1/accounts/acc_a");
        Problems.assertProblem(wrongMethod, 405, null);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    private static AccountChanged event(String accountId, String name, Instant occurredAt) {
        return new AccountChanged(UUID.randomUUID().toString(), AccountChanged.SCHEMA_VERSION, occurredAt, accountId,
                name, "owner@" + accountId + ".test", "business", "current", occurredAt, "Europe/Madrid", 3,
                new AccountChanged.PlanLimits(100, 1_000, 144_000),
                List.of(new AccountChanged.ProjectRef(Ids.next(Ids.PROJECT), "Sandbox", true)));
    }

    private void publish(AccountChanged event) {
        try {
            broker.publish(Topology.ACCOUNT_CHANGED, JSON.writeValueAsString(event), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response awaitProjection(String accountId, int revision) {
        Response[] last = new Response[1];
        await().atMost(PATIENCE).until(() -> {
            last[0] = given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                    .get("/v1/accounts/" + accountId);
            return last[0].statusCode() == 200 && last[0].jsonPath().getInt("revision") >= revision;
        });
        assertThat(last[0].jsonPath().getInt("revision")).isEqualTo(revision);
        return last[0];
    }
}
