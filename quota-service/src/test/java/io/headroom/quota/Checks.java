package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import io.headroom.common.testing.Tokens;
import io.restassured.response.Response;

/** Requests and facts the rate-limit tests share. */
public final class Checks {

    private static final String TEST_DATABASE = "jdbc:postgresql://127.0.0.1:5432/headroom_quota_test";

    private Checks() {
    }

    /** A new account on {@code plan}; its id. */
    public static String account(String plan) {
        String id = Fixtures.newAccountId();
        Response created = Fixtures.createAccount(id, plan);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return id;
    }

    /** A new account with {@code customLimitsJson}; its id. */
    public static String account(String plan, String customLimitsJson) {
        String id = Fixtures.newAccountId();
        Response created = asAdmin().body("""
                {"id":"%s","name":"Acme","ownerEmail":"owner@acme.test","plan":"%s","customLimits":%s}
                """.formatted(id, plan, customLimitsJson)).post("/v1/accounts");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return id;
    }

    /** A new (non-Sandbox) project of the account; its id. */
    public static String project(String accountId) {
        Response created = as(Tokens.owner(accountId)).body("{\"name\":\"Shop\"}")
                .post("/v1/accounts/" + accountId + "/projects");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    /** A new project of a new account on {@code plan}. */
    public static String projectOn(String plan) {
        return project(account(plan));
    }

    public static String sandboxOf(String accountId) {
        return asAdmin().get("/v1/accounts/" + accountId).jsonPath()
                .getString("projects.find { it.sandbox == true }.id");
    }

    public static Instant cycleStartOf(String accountId) {
        return Instant.parse(asAdmin().get("/v1/accounts/" + accountId).jsonPath().getString("currentCycle.start"));
    }

    public static Response check(String projectId, String kind) {
        return check("{\"projectId\":\"" + projectId + "\",\"kind\":\"" + kind + "\"}");
    }

    public static Response clientCheck(String projectId, String ip) {
        return check("{\"projectId\":\"" + projectId + "\",\"kind\":\"client\",\"clientIp\":\"" + ip + "\"}");
    }

    public static Response check(String body) {
        return as(Tokens.gateway()).body(body).post("/v1/checks");
    }

    /** The remaining count of the answer's window of {@code type}. */
    public static long remainingIn(Response answer, String type) {
        return answer.jsonPath().getLong("windows.find { it.type == '" + type + "' }.remaining");
    }

    /**
     * Waits, if needed, until the current fixed window of {@code lengthSeconds} (aligned to the
     * clock) has at least {@code seconds} left, so a test's calls never straddle its end.
     */
    public static void awaitRoom(long lengthSeconds, long seconds) throws InterruptedException {
        long nowMillis = Instant.now().toEpochMilli();
        long left = lengthSeconds * 1000 - nowMillis % (lengthSeconds * 1000);
        if (left < seconds * 1000) {
            Thread.sleep(left + 300);
        }
    }

    /** Writes a cycle total into PostgreSQL, as the flusher would have (before Redis holds the cycle). */
    public static void writeCycleTotal(String projectId, Instant cycleStart, long used) throws SQLException {
        try (Connection db = DriverManager.getConnection(TEST_DATABASE, "postgres", "");
                PreparedStatement insert = db.prepareStatement("insert into cycle_usage (project_id, metric,"
                        + " cycle_start, used) values (?, 'api_calls', ?, ?) on conflict (project_id, metric,"
                        + " cycle_start) do update set used = excluded.used")) {
            insert.setString(1, projectId);
            insert.setTimestamp(2, Timestamp.from(cycleStart));
            insert.setLong(3, used);
            insert.executeUpdate();
        }
    }

    /** The cycle total PostgreSQL holds for the project (0 when none). */
    public static long cycleTotal(String projectId, Instant cycleStart) throws SQLException {
        try (Connection db = DriverManager.getConnection(TEST_DATABASE, "postgres", "");
                PreparedStatement select = db.prepareStatement("select used from cycle_usage where project_id = ?"
                        + " and metric = 'api_calls' and cycle_start = ?")) {
            select.setString(1, projectId);
            select.setTimestamp(2, Timestamp.from(cycleStart));
            var rows = select.executeQuery();
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
