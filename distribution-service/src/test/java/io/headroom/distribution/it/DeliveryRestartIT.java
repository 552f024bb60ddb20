package io.headroom.distribution.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Cleanup;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.RecordingTarget;
import io.vertx.core.json.JsonObject;

/**
 * Durable delivery across restarts (spec/distribution-service.md §3, "Delivery is asynchronous and
 * durable"): 300 SMS messages in three distributions are queued on one instance of the packaged
 * service (target/quarkus-app); the gateway stand-in answers each after 50 ms, so that when about a
 * third has reached it, the instance is stopped and a second one sends the rest.
 * <ul>
 * <li>A graceful stop (SIGTERM) lets the batch in flight finish and record: every message is sent
 * exactly once (300 hits, 300 distinct {@code Idempotency-Key}s), each on its first attempt.</li>
 * <li>A crash (SIGKILL) loses nothing either: the messages the dead instance had taken are taken
 * again when their lease ends (5 s here) and all 300 are sent; a message sent twice carries the
 * same message id as {@code Idempotency-Key}, so the gateway can drop it. How many were repeated is
 * reported; at most one batch can be.</li>
 * </ul>
 */
class DeliveryRestartIT {

    private static final int DISTRIBUTIONS = 3;
    private static final int PER_DISTRIBUTION = 100;
    private static final int MESSAGES = DISTRIBUTIONS * PER_DISTRIBUTION;
    /** Messages a batch takes: what a killed instance can have sent without recording. */
    private static final int BATCH = 50;
    /** A graceful stop waits up to headroom.delivery.shutdown-grace (20 s) for the batch in flight. */
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);
    private static final Duration ALL_SENT_WITHIN = Duration.ofMinutes(3);

    private static RecordingTarget gateway;
    private static BrokerProbe broker;
    private PackagedInstance first;
    private PackagedInstance second;

    @BeforeAll
    static void startGatewayAndBroker() {
        PackagedInstance.signWithTestKey();
        gateway = RecordingTarget.start().delay(50);
        broker = BrokerProbe.connect();
        PackagedDistribution.deleteQueues(broker); // a run that died left them, maybe with messages
    }

    @AfterEach
    void stopInstances() {
        Cleanup.closeAll(second, first);
        first = null;
        second = null;
    }

    @AfterAll
    static void stopEverything() {
        Cleanup.closeAll(broker == null ? null : () -> {
            PackagedDistribution.deleteQueues(broker);
            broker.close();
        }, gateway);
    }

    @Test
    void afterAGracefulStopEveryMessageIsSentExactlyOnce() throws Exception {
        String path = "/sms/graceful";
        PackagedInstance.Service service = PackagedDistribution.service(gateway.url(path));
        String[] overrides = { "-Dheadroom.delivery.batch=" + BATCH, "-Dheadroom.delivery.lease=20s" };
        first = service.start("distribution-restart-graceful-1", overrides);
        List<String> distributions = queue(first);
        Set<String> messageIds = new HashSet<>(PackagedDistribution.messageIds(distributions));
        assertThat(messageIds).hasSize(MESSAGES);

        awaitAThird(path, messageIds, first);
        assertThat(first.stop(GRACEFUL_STOP)).as("the first instance exits by itself after SIGTERM within %s;"
                + " see %s", GRACEFUL_STOP, first.log()).isTrue();
        int hitsBeforeStop = hits(path, messageIds).size();
        long sentBeforeStop = PackagedDistribution.messages(distributions, "sent");
        System.out.printf("DeliveryRestartIT (graceful): %d of %d messages reached the gateway before the stop,"
                + " %d recorded sent%n", hitsBeforeStop, MESSAGES, sentBeforeStop);
        assertThat(hitsBeforeStop).as("messages sent before the stop").isLessThan(MESSAGES);
        assertThat(sentBeforeStop).as("the batch in flight finished and recorded before the exit")
                .isEqualTo(hitsBeforeStop);
        assertThat(PackagedDistribution.count("select count(*) from message where distribution_id = any(?)"
                + " and state = 'queued' and attempts > 0", distributions))
                .as("messages left taken (leased) by the stopped instance").isZero();

        second = service.start("distribution-restart-graceful-2", overrides);
        awaitAllSent(distributions, second);

        List<RecordingTarget.Hit> hits = hits(path, messageIds);
        Map<String, Integer> byKey = byIdempotencyKey(hits);
        assertThat(byKey.keySet()).as("message ids the gateway saw").isEqualTo(messageIds);
        assertThat(hits).as("requests to the gateway, %d before the stop", hitsBeforeStop).hasSize(MESSAGES);
        assertThat(PackagedDistribution.count("select count(*) from message where distribution_id = any(?)"
                + " and state = 'sent' and attempts = 1", distributions)).as("messages sent on their first attempt")
                .isEqualTo(MESSAGES);
        assertWellFormed(hits);
    }

    @Test
    void afterACrashEveryMessageIsSentAndARepeatCarriesTheSameKey() throws Exception {
        String path = "/sms/crash";
        PackagedInstance.Service service = PackagedDistribution.service(gateway.url(path));
        // a short lease, so the second instance takes the killed one's messages soon; a send must fit in it
        String[] overrides = { "-Dheadroom.delivery.batch=" + BATCH, "-Dheadroom.delivery.lease=8s",
                "-Dheadroom.outbound.total-timeout=3s" };
        first = service.start("distribution-restart-crash-1", overrides);
        List<String> distributions = queue(first);
        Set<String> messageIds = new HashSet<>(PackagedDistribution.messageIds(distributions));
        assertThat(messageIds).hasSize(MESSAGES);

        awaitAThird(path, messageIds, first);
        first.kill();
        int hitsBeforeKill = hits(path, messageIds).size();
        long sentBeforeKill = PackagedDistribution.messages(distributions, "sent");
        assertThat(hitsBeforeKill).as("messages sent before the kill").isLessThan(MESSAGES);

        second = service.start("distribution-restart-crash-2", overrides);
        awaitAllSent(distributions, second);

        List<RecordingTarget.Hit> hits = hits(path, messageIds);
        Map<String, Integer> byKey = byIdempotencyKey(hits);
        int repeats = hits.size() - byKey.size();
        String report = String.format("%d requests reached the gateway for %d messages: %d repeated an earlier"
                + " message id (%d hits and %d recorded sent when the first instance was killed)", hits.size(),
                MESSAGES, repeats, hitsBeforeKill, sentBeforeKill);
        System.out.println("DeliveryRestartIT (crash): " + report);
        assertThat(byKey.keySet()).as("message ids the gateway saw; %s", report).isEqualTo(messageIds);
        assertThat(repeats).as("repeats, every one with the Idempotency-Key of an earlier request; %s", report)
                .isBetween(0, BATCH);
        assertThat(byKey.values()).as("requests per message id; %s", report).allMatch(n -> n <= 2);
        assertWellFormed(hits);
    }

    /** Sends the 300 messages through {@code instance}: three SMS distributions of 100 phones. */
    private static List<String> queue(PackagedInstance instance) throws Exception {
        PackagedDistribution.Account account = PackagedDistribution.account(broker, instance, "business", "current",
                Instant.parse("2024-03-01T00:00:00Z"), 0, 0);
        PackagedDistribution.passAntispam(instance, account); // current pricing, check passed: unlimited
        List<String> distributions = new ArrayList<>();
        for (int i = 0; i < DISTRIBUTIONS; i++) {
            distributions.add(PackagedDistribution.sendSms(instance, account,
                    PackagedDistribution.phones(PER_DISTRIBUTION)));
        }
        return distributions;
    }

    /** Waits until about a third of the messages reached the gateway. */
    private static void awaitAThird(String path, Set<String> messageIds, PackagedInstance instance) {
        await("a third of the messages sent; see " + instance.log()).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10)).until(() -> hits(path, messageIds).size() >= MESSAGES / 3);
    }

    private static void awaitAllSent(List<String> distributions, PackagedInstance instance) {
        await("all messages recorded sent; see " + instance.log()).atMost(ALL_SENT_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PackagedDistribution.messages(distributions, "sent") == MESSAGES);
    }

    /** The gateway's requests on {@code path} for these messages (older runs' leftovers left out), in arrival order. */
    private static List<RecordingTarget.Hit> hits(String path, Set<String> messageIds) {
        return gateway.hits(path).stream().filter(hit -> messageIds.contains(hit.header("Idempotency-Key"))).toList();
    }

    /** Requests per {@code Idempotency-Key}, in the order the keys first arrived. */
    private static Map<String, Integer> byIdempotencyKey(List<RecordingTarget.Hit> hits) {
        Map<String, Integer> byKey = new LinkedHashMap<>();
        hits.forEach(hit -> byKey.merge(hit.header("Idempotency-Key"), 1, Integer::sum));
        return byKey;
    }

    /** Each request: the gateway's key, and a body naming the same message id as its Idempotency-Key. */
    private static void assertWellFormed(List<RecordingTarget.Hit> hits) {
        for (RecordingTarget.Hit hit : hits) {
            JsonObject body = new JsonObject(hit.body());
            assertThat(body.getString("messageId")).as(hit.body()).isEqualTo(hit.header("Idempotency-Key"));
            assertThat(body.getString("to")).as(hit.body()).startsWith("+4916");
            assertThat(body.getString("body")).isEqualTo(PackagedDistribution.TEXT);
            assertThat(hit.header("Authorization")).isEqualTo("Bearer " + PackagedDistribution.GATEWAY_KEY);
        }
    }
}
