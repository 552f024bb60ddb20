package io.headroom.distribution.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.id.Ids;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * distribution-service as its failsafe ITs start it ({@link PackagedInstance}): the test database
 * {@code headroom_distribution_test} and the overrides that keep the packaged instances (production
 * profile) apart from a running dev suite and the QuarkusTests. The {@code account-changed} channel
 * gets a queue and a routing key of its own ({@code it.distribution.account-changed}, bound to
 * {@code it.distribution.account.changed} on {@code headroom.events}), so accounts published for the
 * instances reach only them; SMS go to the IT's own gateway stand-in; e-mail to a port nobody listens
 * on, so that messages older tests left queued in the shared database fail there instead of reaching a
 * real mail catcher. Also the IT's kit: accounts published as quota-service would, the anti-spam check
 * passed, SMS distributions sent, the database read over JDBC.
 */
final class PackagedDistribution {

    static final String DATABASE = "headroom_distribution_test";
    static final String ACCOUNT_CHANGED_QUEUE = "it.distribution.account-changed";
    static final String ACCOUNT_CHANGED_ROUTING_KEY = "it.distribution.account.changed";
    static final String GATEWAY_KEY = "it-gateway-key";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String TEXT = "Our spring collection is here.";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final AtomicLong NEXT_PHONE = new AtomicLong(
            ThreadLocalRandom.current().nextLong(100_000_000L, 800_000_000L));

    /** An account the instances know, with one project. */
    record Account(String id, String project) {

        String owner() {
            return Tokens.owner(id);
        }
    }

    private PackagedDistribution() {
    }

    /** The service whose instances send SMS to {@code smsGatewayUrl}. */
    static PackagedInstance.Service service(String smsGatewayUrl) {
        String channel = "-Dmp.messaging.incoming.account-changed.";
        return PackagedInstance.service(DATABASE,
                "-Dheadroom.management-limit.per-minute=0",
                "-Dheadroom.outbound.allow-private-addresses=true",
                "-Dheadroom.sms.gateway-url=" + smsGatewayUrl,
                "-Dheadroom.sms.gateway-key=" + GATEWAY_KEY,
                "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + closedPort(),
                "-Dquarkus.mailer.start-tls=DISABLED",
                "-Dquarkus.mailer.timeout=5s",
                "-Dheadroom.delivery.mail-timeout=5s",
                "-Dheadroom.delivery.first-backoff=200ms",
                "-Dheadroom.delivery.max-backoff=1s",
                "-Dheadroom.delivery.max-attempts=4",
                "-Dheadroom.outbox.poll-interval=0.2s",
                channel + "routing-keys=" + ACCOUNT_CHANGED_ROUTING_KEY,
                channel + "queue.name=" + ACCOUNT_CHANGED_QUEUE,
                channel + "dead-letter-queue-name=" + ACCOUNT_CHANGED_QUEUE + ".dlq",
                channel + "dead-letter-routing-key=" + ACCOUNT_CHANGED_QUEUE);
    }

    /** Deletes the instances' queues with whatever waits in them (before a run, and after). */
    static void deleteQueues(BrokerProbe broker) {
        broker.deleteQueue(ACCOUNT_CHANGED_QUEUE);
        broker.deleteQueue(ACCOUNT_CHANGED_QUEUE + ".dlq");
    }

    /**
     * Publishes a new account with one project as quota-service would, but with the routing key of
     * the instances' queue, and waits until {@code instance} knows it.
     */
    static Account account(BrokerProbe broker, PackagedInstance instance, String plan, String pricingScheme,
            Instant createdAt, long perDay, long perMonth) throws Exception {
        String accountId = Ids.next(Ids.ACCOUNT);
        String project = Ids.next(Ids.PROJECT);
        AccountChanged event = AccountChanged.of(Instant.now(), accountId, "IT " + accountId,
                "owner-" + accountId.substring(4).toLowerCase().replace('_', '-') + "@example.com", plan,
                pricingScheme, createdAt, "UTC", 1, new AccountChanged.PlanLimits(perDay, perMonth, 144_000),
                List.of(new AccountChanged.ProjectRef(project, "Shop", false)));
        broker.publish(ACCOUNT_CHANGED_ROUTING_KEY, json(event), "application/json");
        String admin = Tokens.platformAdmin();
        await("the account is known; see " + instance.log()).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> instance.status("/v1/accounts/" + accountId, admin) == 200);
        return new Account(accountId, project);
    }

    /** The owner requests the anti-spam check and platform-admin passes it. */
    static void passAntispam(PackagedInstance instance, Account account) throws Exception {
        instance.post("/v1/accounts/" + account.id() + "/anti-spam-check", account.owner(),
                new JsonObject().put("companyWebsite", "https://shop.example.com")
                        .put("senderDomain", "news.example.com").put("useCase", "Newsletter to opted-in customers"),
                202);
        instance.post("/v1/accounts/" + account.id() + "/anti-spam-check/decision", Tokens.platformAdmin(),
                new JsonObject().put("decision", "passed"), 200);
    }

    /** Sends an SMS distribution to {@code phones} through {@code instance}; its id. */
    static String sendSms(PackagedInstance instance, Account account, List<String> phones) throws Exception {
        return new JsonObject(instance.post(distributionsPath(account), account.owner(), sms(phones), 202))
                .getString("id");
    }

    /** A POST of an SMS distribution to {@code phones} through {@code instance}, built, not sent. */
    static HttpRequest smsRequest(PackagedInstance instance, Account account, String token, List<String> phones) {
        return HttpRequest.newBuilder(URI.create(instance.url() + distributionsPath(account)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(sms(phones).encode()))
                .build();
    }

    private static String distributionsPath(Account account) {
        return "/v1/projects/" + account.project() + "/distributions";
    }

    private static JsonObject sms(List<String> phones) {
        return new JsonObject().put("channel", "sms").put("recipients", new JsonArray(new ArrayList<>(phones)))
                .put("body", TEXT);
    }

    /** {@code n} phone numbers no other test of this JVM uses (E.164). */
    static List<String> phones(int n) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            phones.add("+4916" + NEXT_PHONE.getAndIncrement());
        }
        return phones;
    }

    /** The ids of the messages of these distributions. */
    static List<String> messageIds(Collection<String> distributionIds) throws SQLException {
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(
                        "select id from message where distribution_id = any(?)")) {
            query.setArray(1, db.createArrayOf("varchar", distributionIds.toArray()));
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** How many messages of these distributions are in {@code state} ({@code sent}, say). */
    static long messages(Collection<String> distributionIds, String state) throws SQLException {
        return count("select count(*) from message where distribution_id = any(?) and state = ?",
                distributionIds, state);
    }

    /**
     * The number {@code sql} (a {@code select count(*)}) counts; a collection argument is bound as a
     * varchar array (for {@code = any(?)}).
     */
    static long count(String sql, Object... args) throws SQLException {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Collection<?> values) {
                    Array array = db.createArrayOf("varchar", values.toArray());
                    query.setArray(i + 1, array);
                } else {
                    query.setObject(i + 1, args[i]);
                }
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
    }

    private static String json(AccountChanged event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on (taken and released at once). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
