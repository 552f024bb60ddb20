package io.headroom.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.Event;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.id.Ids;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Cleanup;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

/**
 * Exactly once across a crash (issue 6, point 3): 1,000 {@code usage.snapshot}s of one project, all
 * at or above 80 % of the limit, each published twice (a redelivery: the same event id) by four
 * publishers released together, are consumed by the packaged service (target/quarkus-app, four at a
 * time); the instance is killed (SIGKILL) once the first ones were processed and the e-mail was sent,
 * and a second instance consumes the rest. The result is one in-app notification, one business key,
 * one e-mail row and one message per recipient at the SMTP server (GreenMail, in this JVM).
 *
 * <p>The snapshots go out in two halves: the first while the first instance runs, the second after
 * it was killed, so that the restart falls in the middle however fast the first half drains. How
 * many were processed before the kill is printed.
 *
 * <p>The e-mail is sent before the kill on purpose: an SMTP send cut between the server's
 * acceptance and the {@code sent} write is sent again when its lease ends (at-least-once, the SMTP
 * limit, see MailDispatcher). What this test proves is the database's part: redeliveries and a
 * restart never make a second notification, so never a second e-mail.
 *
 * <p>The instances run the production profile; every incoming channel gets a routing key and queues
 * of its own ({@code it.notification.*}), so that neither a dev suite nor the QuarkusTests take or
 * receive these messages. The queues are deleted before and after.
 */
class NotificationRestartIT {

    private static final String DATABASE = "headroom_notification_test";
    private static final List<String> CHANNELS = List.of("account-changed", "usage-snapshot", "distribution-usage",
            "antispam-decided");
    private static final int SNAPSHOTS = 1_000;
    private static final int PUBLISHERS = 4;
    private static final long LIMIT = 1_000;
    private static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant PERIOD_END = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration ALL_PROCESSED_WITHIN = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static GreenMail smtp;
    private static BrokerProbe broker;
    private static PackagedInstance.Service notification;
    private static PackagedInstance first;
    private static PackagedInstance second;

    @BeforeAll
    static void startSmtpAndBroker() throws IOException {
        PackagedInstance.signWithTestKey();
        broker = BrokerProbe.connect();
        deleteQueues(); // a run that died left them, maybe with messages
        int smtpPort = sparePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        notification = PackagedInstance.service(DATABASE, isolation(smtpPort).toArray(String[]::new));
    }

    @AfterAll
    static void stopEverything() {
        Cleanup.closeAll(second, first, smtp == null ? null : smtp::stop, broker == null ? null : () -> {
            deleteQueues();
            broker.close();
        });
    }

    @Test
    void aThousandCrossingSnapshotsEachRedeliveredAcrossACrashNotifyOnce() throws Exception {
        first = notification.start("notification-restart-1");
        String account = Ids.next(Ids.ACCOUNT);
        String project = Ids.next(Ids.PROJECT);
        String unique = account.substring(4).toLowerCase();
        String a = "a-" + unique + "@example.com";
        String b = "b-" + unique + "@example.com";
        String owner = Tokens.owner(account);
        String admin = Tokens.platformAdmin();

        publish(broker, AccountChanged.of(Instant.now(), account, "Restart " + account,
                "owner-" + unique + "@example.com", "business", "current", Instant.now(), "UTC", 1,
                new AccountChanged.PlanLimits(0, 0, 144_000),
                List.of(new AccountChanged.ProjectRef(project, "Restart", false))));
        await("the account is known to the first instance").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> first.status("/v1/accounts/" + account, admin) == 200);
        first.put("/v1/projects/" + project + "/notification-settings", owner, new JsonObject().put("rules",
                new JsonArray().add(new JsonObject().put("metric", "api_calls").put("thresholds", new JsonArray().add(80))
                        .put("email", new JsonObject().put("enabled", true).put("recipients", new JsonArray().add(a).add(b)))
                        .put("inApp", new JsonObject().put("enabled", true)))), 200);

        // all at or above 80 % of the limit, newer and higher one after the other
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(SNAPSHOTS);
        List<UsageSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < SNAPSHOTS; i++) {
            snapshots.add(UsageSnapshot.of(at.plusMillis(i), account, project, "api_calls", PERIOD_START, PERIOD_END,
                    800 + i / 5, LIMIT, "cycle"));
        }
        List<String> ids = snapshots.stream().map(UsageSnapshot::eventId).toList();
        List<UsageSnapshot> firstHalf = snapshots.subList(0, SNAPSHOTS / 2);
        List<UsageSnapshot> secondHalf = snapshots.subList(SNAPSHOTS / 2, SNAPSHOTS);

        publishTwiceConcurrently(firstHalf);
        await("the first snapshots processed and the e-mail sent; see target/notification-restart-1.log")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> processed(ids) > 0 && "sent".equals(emailState(project)));
        long seenBeforeKill = processed(ids);
        first.kill();
        long beforeKill = processed(ids); // committed by the killed instance: final now
        System.out.printf("NotificationRestartIT: %d of %d snapshots (%d published, each twice) were processed"
                + " when the first instance was killed (%d when the kill was decided)%s; %d more published after%n",
                beforeKill, SNAPSHOTS, firstHalf.size(), seenBeforeKill,
                beforeKill < firstHalf.size() ? ", in the middle of the first half" : ", the first half drained",
                secondHalf.size());
        assertThat(beforeKill).as("processed before the kill").isPositive().isLessThan(SNAPSHOTS);

        publishTwiceConcurrently(secondHalf);
        second = notification.start("notification-restart-2");
        await("all snapshots processed; see target/notification-restart-2.log").atMost(ALL_PROCESSED_WITHIN)
                .pollInterval(Duration.ofMillis(500)).until(() -> processed(ids) == SNAPSHOTS);
        System.out.printf("NotificationRestartIT: the second instance processed the other %d%n",
                SNAPSHOTS - beforeKill);

        assertThat(processed(ids)).as("each event id recorded once").isEqualTo(SNAPSHOTS);
        assertThat(broker.drain("it.notification.usage-snapshot.dlq")).as("snapshots dead-lettered").isEmpty();
        assertThat(count("select count(*) from notification where account_id = ?", account)).isEqualTo(1);
        assertThat(count("select count(*) from notification where project_id = ? and kind = 'usage_threshold'",
                project)).isEqualTo(1);
        String notificationId = text("select id from notification where project_id = ?", project);
        assertThat(count("select count(*) from notification_key where starts_with(business_key, ?)",
                "usage:" + project + ":")).as("business keys of the project").isEqualTo(1);
        assertThat(text("select business_key from notification_key where notification_id = ?", notificationId))
                .isEqualTo("usage:" + project + ":api_calls:cycle:" + PERIOD_START + ":80:0");
        assertThat(count("select count(*) from email_delivery where notification_id = ?", notificationId))
                .isEqualTo(1);
        await().atMost(PATIENCE).until(() -> "sent".equals(emailState(project)));
        assertThat(text("select attempts from email_delivery where notification_id = ?", notificationId))
                .as("attempts of the e-mail").isEqualTo("1");

        // nothing more arrives: a second notification's e-mail would be sent within a second or two
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                .until(() -> received(a).size() == 1 && received(b).size() == 1);
        assertThat(received(a)).hasSize(1);
        assertThat(received(b)).hasSize(1);
        for (String recipient : List.of(a, b)) {
            MimeMessage mail = received(recipient).get(0);
            assertThat(mail.getHeader("X-Headroom-Notification", null)).isEqualTo(notificationId);
            assertThat(mail.getSubject()).isEqualTo("[Headroom] Restart reached 80 % of its API calls");
        }

        JsonObject inbox = new JsonObject(second.get("/v1/notifications?limit=200", owner, 200));
        JsonArray items = inbox.getJsonArray("items");
        assertThat(items.size()).as("the inbox: %s", inbox.encode()).isEqualTo(1);
        JsonObject only = items.getJsonObject(0);
        assertThat(only.getString("id")).isEqualTo(notificationId);
        assertThat(only.getString("kind")).isEqualTo("usage_threshold");
        assertThat(only.getString("projectId")).isEqualTo(project);
        assertThat(only.getJsonObject("details").getInteger("threshold")).isEqualTo(80);
        assertThat(only.getJsonObject("email").getString("state")).isEqualTo("sent");
    }

    /** The overrides every instance starts with: own queues and routing keys, the test SMTP server. */
    private static List<String> isolation(int smtpPort) {
        List<String> overrides = new ArrayList<>(List.of(
                "-Dheadroom.management-limit.per-minute=0",
                "-Dheadroom.mail.first-backoff=200ms",
                "-Dheadroom.mail.max-backoff=1s",
                "-Dheadroom.mail.lease=20s",
                "-Dheadroom.mail.send-timeout=5s",
                "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + smtpPort,
                "-Dquarkus.mailer.start-tls=DISABLED",
                "-Dquarkus.mailer.timeout=5s"));
        for (String channel : CHANNELS) {
            String prefix = "-Dmp.messaging.incoming." + channel + ".";
            overrides.add(prefix + "routing-keys=" + routingKey(channel));
            overrides.add(prefix + "queue.name=" + queue(channel));
            overrides.add(prefix + "dead-letter-queue-name=" + queue(channel) + ".dlq");
            overrides.add(prefix + "dead-letter-routing-key=" + queue(channel));
        }
        return overrides;
    }

    /** {@code it.notification.usage-snapshot}: the instances' queue of a channel. */
    private static String queue(String channel) {
        return "it.notification." + channel;
    }

    /** {@code it.notification.usage.snapshot}: what only the instances' queue of a channel is bound to. */
    private static String routingKey(String channel) {
        return "it.notification." + channel.replace('-', '.');
    }

    private static void deleteQueues() {
        for (String channel : CHANNELS) {
            broker.deleteQueue(queue(channel));
            broker.deleteQueue(queue(channel) + ".dlq");
        }
    }

    /** Publishes an event as its producer would, but with the routing key of the instances' queue. */
    private static void publish(BrokerProbe probe, Event event) {
        String channel = event instanceof AccountChanged ? "account-changed" : "usage-snapshot";
        probe.publish(routingKey(channel), json(event), "application/json");
    }

    /**
     * Publishes every snapshot twice (the same event id: a redelivery), the two copies by different
     * publishers, each with a connection of its own; all publishers are released together.
     */
    private static void publishTwiceConcurrently(List<UsageSnapshot> snapshots) throws Exception {
        List<List<UsageSnapshot>> shares = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < snapshots.size(); i++) {
            shares.get(i % PUBLISHERS).add(snapshots.get(i));
            shares.get((i + 1) % PUBLISHERS).add(snapshots.get(i));
        }
        CountDownLatch connected = new CountDownLatch(PUBLISHERS);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<UsageSnapshot> share : shares) {
                done.add(publishers.submit(() -> {
                    try (BrokerProbe probe = BrokerProbe.connect()) {
                        connected.countDown();
                        go.await();
                        for (UsageSnapshot snapshot : share) {
                            publish(probe, snapshot);
                        }
                    }
                    return null;
                }));
            }
            assertThat(connected.await(30, TimeUnit.SECONDS)).as("publishers connected").isTrue();
            go.countDown();
            for (Future<?> publisher : done) {
                publisher.get(2, TimeUnit.MINUTES);
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    private static String json(Event event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many of these event ids the service recorded as processed. */
    private static long processed(List<String> eventIds) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from processed_event where event_id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The state of the e-mail of the project's notification; null while there is none. */
    private static String emailState(String project) throws SQLException {
        return text("select e.state from email_delivery e join notification n on n.id = e.notification_id"
                + " where n.project_id = ?", project);
    }

    /** The messages GreenMail received for {@code address}: one copy per recipient, as SMTP delivers. */
    private static List<MimeMessage> received(String address) {
        return smtp.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(address), message -> true)
                .toList();
    }

    private static long count(String sql, Object... args) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The first column of the first row, or null when there is no row. */
    private static String text(String sql, Object... args) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(notification.jdbcUrl(), "postgres", "");
    }

    private static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
