package io.headroom.distribution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.id.Ids;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The test kit of distribution-service: accounts published as quota-service would
 * ({@code account.changed} on the real broker), the anti-spam check driven through the API, and
 * distributions sent and read. Closes its broker connection on {@link #close}.
 */
public final class Sender implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/headroom_distribution_test";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final BrokerProbe broker = BrokerProbe.connect();

    /** An account as the service knows it, with its projects (the first is {@link #project()}). */
    public record Account(String id, String plan, String pricingScheme, Instant createdAt, String timezone,
            List<String> projectIds) {

        public String project() {
            return projectIds.get(0);
        }

        public String ownerToken() {
            return Tokens.owner(id);
        }
    }

    /** How an account is set up: plan, pricing, creation time, zone, the plan's distribution numbers. */
    public record Setup(String plan, String pricingScheme, Instant createdAt, String timezone, long perDay,
            long perMonth) {

        /** A business account on the current pricing, in UTC. */
        public static Setup current() {
            return new Setup("business", "current", Instant.parse("2024-03-01T00:00:00Z"), "UTC", 100, 1_000);
        }

        public static Setup trial() {
            return new Setup("trial", "current", Instant.parse("2025-06-01T00:00:00Z"), "UTC", 10, 100);
        }

        /** Created before 2021-12-01: legacy pricing, the plan's numbers. */
        public static Setup legacy(String plan, long perDay, long perMonth) {
            return new Setup(plan, "legacy", Instant.parse("2020-05-04T00:00:00Z"), "UTC", perDay, perMonth);
        }

        public Setup inZone(String zone) {
            return new Setup(plan, pricingScheme, createdAt, zone, perDay, perMonth);
        }

        public Setup plan(String newPlan, long newPerDay, long newPerMonth) {
            return new Setup(newPlan, pricingScheme, createdAt, timezone, newPerDay, newPerMonth);
        }
    }

    /** Publishes a new account with {@code projects} projects and waits until the service knows it. */
    public Account account(Setup setup, int projects) {
        String accountId = Ids.next(Ids.ACCOUNT);
        List<String> projectIds = new ArrayList<>();
        for (int i = 0; i < projects; i++) {
            projectIds.add(Ids.next(Ids.PROJECT));
        }
        Account account = new Account(accountId, setup.plan(), setup.pricingScheme(), setup.createdAt(),
                setup.timezone(), List.copyOf(projectIds));
        change(account, setup, 1);
        return account;
    }

    public Account account(Setup setup) {
        return account(setup, 1);
    }

    /**
     * Publishes a change of the account (plan, pricing, zone, numbers) as {@code account.changed}
     * and waits until the projection shows {@code revision}.
     */
    public void change(Account account, Setup setup, int revision) {
        List<AccountChanged.ProjectRef> refs = new ArrayList<>();
        for (int i = 0; i < account.projectIds().size(); i++) {
            refs.add(new AccountChanged.ProjectRef(account.projectIds().get(i), "Project " + i, false));
        }
        AccountChanged event = AccountChanged.of(Instant.now(), account.id(), "Account " + account.id(),
                "owner@" + account.id().substring(4).toLowerCase().replace('_', '-') + ".example.com", setup.plan(),
                setup.pricingScheme(), setup.createdAt(), setup.timezone(), 1,
                new AccountChanged.PlanLimits(setup.perDay(), setup.perMonth(), 144_000), refs);
        try {
            broker.publish(event.routingKey(), JSON.writeValueAsString(event), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(PATIENCE).until(() -> {
            Response known = as(Tokens.platformAdmin()).get("/v1/accounts/" + account.id());
            return known.statusCode() == 200 && known.jsonPath().getInt("revision") >= revision;
        });
    }

    /** The owner requests the check and platform-admin passes it. */
    public static void passAntispam(Account account) {
        requestAntispam(account).then().statusCode(202);
        decide(account, "passed", null).then().statusCode(200);
    }

    public static Response requestAntispam(Account account) {
        return as(account.ownerToken()).contentType(ContentType.JSON)
                .body(Map.of("companyWebsite", "https://shop.example.com", "senderDomain", "news.example.com",
                        "useCase", "Monthly newsletter to customers who opted in"))
                .post("/v1/accounts/" + account.id() + "/anti-spam-check");
    }

    public static Response decide(Account account, String decision, String reason) {
        Map<String, Object> body = reason == null ? Map.of("decision", decision)
                : Map.of("decision", decision, "reason", reason);
        return as(Tokens.platformAdmin()).contentType(ContentType.JSON).body(body)
                .post("/v1/accounts/" + account.id() + "/anti-spam-check/decision");
    }

    /** A distribution body: {@code channel} to these recipients. */
    public static Map<String, Object> distribution(String channel, List<String> recipients) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("channel", channel);
        body.put("recipients", recipients);
        body.put("body", "Our spring collection is here.");
        if ("email".equals(channel)) {
            body.put("subject", "Spring collection");
        }
        return body;
    }

    /** {@code n} distinct phone numbers for the sms channel. */
    public static List<String> phones(int n) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            phones.add("+4915" + String.format("%09d", 100_000_000 + i));
        }
        return phones;
    }

    /** {@code n} distinct e-mail addresses under a domain of their own. */
    public static List<String> emails(int n) {
        String domain = "c" + Long.toString(System.nanoTime(), 36) + ".example.com";
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            emails.add("customer" + i + "@" + domain);
        }
        return emails;
    }

    /** POSTs a distribution to the account's first project as its owner. */
    public static Response send(Account account, Map<String, Object> body) {
        return send(account.ownerToken(), account.project(), body, null);
    }

    public static Response send(String token, String projectId, Map<String, Object> body, String idempotencyKey) {
        RequestSpecification request = as(token).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/v1/projects/" + projectId + "/distributions");
    }

    public static Response limits(Account account) {
        return as(account.ownerToken()).get("/v1/accounts/" + account.id() + "/distribution-limits");
    }

    public static Response distributionOf(Account account, String distributionId) {
        return as(account.ownerToken()).get("/v1/projects/" + account.project() + "/distributions/" + distributionId);
    }

    /** Waits until no message of the distribution is {@code queued} and returns it. */
    public static Response awaitSettled(Account account, String distributionId) {
        Response[] last = new Response[1];
        await().atMost(PATIENCE).until(() -> {
            last[0] = distributionOf(account, distributionId);
            return last[0].statusCode() == 200 && last[0].jsonPath().getInt("states.queued") == 0;
        });
        return last[0];
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Sets what the account has already sent in the period starting at {@code periodStart} ({@code day} or {@code month}). */
    public static void used(Account account, String period, Instant periodStart, long used) throws SQLException {
        try (Connection db = DriverManager.getConnection(DATABASE, "postgres", "");
                PreparedStatement upsert = db.prepareStatement("insert into distribution_count (account_id, period,"
                        + " period_start, used) values (?, ?, ?, ?) on conflict (account_id, period, period_start)"
                        + " do update set used = excluded.used")) {
            upsert.setString(1, account.id());
            upsert.setString(2, period);
            upsert.setTimestamp(3, Timestamp.from(periodStart));
            upsert.setLong(4, used);
            upsert.executeUpdate();
        }
    }

    /** The number of rows {@code sql} (a {@code select count(*)} with one string parameter) counts. */
    public static long count(String sql, String parameter) throws SQLException {
        try (Connection db = DriverManager.getConnection(DATABASE, "postgres", "");
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
