package io.headroom.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.AntispamDecided;
import io.headroom.common.event.DistributionUsage;
import io.headroom.common.event.Event;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.id.Ids;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What notification-service hears, published on the real broker as the other services would: an
 * account with its projects ({@code account.changed}), usage snapshots, distribution usage and
 * anti-spam decisions. Also reads the inbox of an account's owner.
 */
public final class Feed implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/headroom_notification_test";

    private final BrokerProbe broker = BrokerProbe.connect();

    /** An account known to the service, with one project per name. */
    public record Account(String id, String ownerEmail, String timezone, List<String> projectIds) {

        public String project() {
            return projectIds.get(0);
        }

        public String ownerToken() {
            return Tokens.owner(id);
        }
    }

    /** Publishes an account with projects of these names and waits until the service knows it. */
    public Account account(String timezone, String... projectNames) {
        String accountId = Ids.next(Ids.ACCOUNT);
        String ownerEmail = "owner-" + accountId.substring(4).toLowerCase() + "@example.com";
        List<AccountChanged.ProjectRef> projects = new ArrayList<>();
        for (String name : projectNames) {
            projects.add(new AccountChanged.ProjectRef(Ids.next(Ids.PROJECT), name, false));
        }
        publish(AccountChanged.of(Instant.now(), accountId, "Account " + accountId, ownerEmail, "business",
                "current", Instant.now(), timezone, 1, new AccountChanged.PlanLimits(0, 0, 144_000), projects));
        await().atMost(PATIENCE).until(() -> given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                .get("/v1/accounts/" + accountId).statusCode() == 200);
        // the projects are written in the same transaction as the account
        return new Account(accountId, ownerEmail, timezone, projects.stream().map(AccountChanged.ProjectRef::id)
                .toList());
    }

    /** A snapshot of {@code used} of {@code limit} in the period, taken at {@code at}. */
    public static UsageSnapshot snapshot(Account account, String projectId, String metric, String window,
            Instant periodStart, Instant periodEnd, long used, long limit, Instant at) {
        return new UsageSnapshot(UUID.randomUUID().toString(), UsageSnapshot.SCHEMA_VERSION, at, account.id(),
                projectId, metric, periodStart, periodEnd, used, limit, window);
    }

    /** A billing-cycle snapshot of {@code api_calls} in November 2026, taken now. */
    public static UsageSnapshot apiCalls(Account account, long used, long limit) {
        return snapshot(account, account.project(), "api_calls", "cycle", CYCLE_START, CYCLE_END, used, limit,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static final Instant CYCLE_START = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant CYCLE_END = Instant.parse("2026-12-01T00:00:00Z");

    public static DistributionUsage distribution(Account account, String period, Instant start, Instant end,
            long used, long limit) {
        return new DistributionUsage(UUID.randomUUID().toString(), DistributionUsage.SCHEMA_VERSION, Instant.now(),
                account.id(), account.project(), start, end, used, limit, period);
    }

    public static AntispamDecided antispam(Account account, String decision, String reason) {
        return new AntispamDecided(UUID.randomUUID().toString(), AntispamDecided.SCHEMA_VERSION, Instant.now(),
                account.id(), decision, reason);
    }

    public void publish(Event event) {
        try {
            broker.publish(event.routingKey(), JSON.writeValueAsString(event), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owner's inbox, newest first (first page of up to 200). */
    public static Response inbox(Account account) {
        return given().header("Authorization", "Bearer " + account.ownerToken()).get("/v1/notifications?limit=200");
    }

    /** Waits until the owner's inbox holds {@code count} notifications and returns it. */
    public static Response awaitInbox(Account account, int count) {
        Response[] last = new Response[1];
        await().atMost(PATIENCE).until(() -> {
            last[0] = inbox(account);
            return last[0].statusCode() == 200 && last[0].jsonPath().getList("items").size() >= count;
        });
        return last[0];
    }

    /** Saves the project's settings as the owner; the body must be valid. */
    public static void settings(Account account, String projectId, String body) {
        given().header("Authorization", "Bearer " + account.ownerToken()).contentType(ContentType.JSON).body(body)
                .put("/v1/projects/" + projectId + "/notification-settings").then().statusCode(200);
    }

    /** Waits until the service has processed these events (their ids are recorded with their effect). */
    public static void awaitProcessed(Event... events) {
        for (Event event : events) {
            await().atMost(PATIENCE).until(() -> count(
                    "select count(*) from processed_event where event_id = ?", event.eventId()) == 1);
        }
    }

    /** A count from the service's test database, read over JDBC. */
    public static long count(String sql, Object... args) {
        try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
