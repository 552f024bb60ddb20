package io.headroom.quota.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.Cleanup;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.RecordingTarget;
import io.headroom.common.testing.Tokens;
import io.headroom.quota.Checks;
import io.vertx.core.json.JsonObject;

/**
 * A webhook call is never lost once 202 was answered, also across restarts (spec/quota-service.md §5):
 * twelve calls of a project allowed 6 API calls per minute are accepted by one instance of the
 * packaged service, which is stopped gracefully (SIGTERM) once the first was delivered; a new
 * instance delivers the rest. The target, which answers 200, sees each call id exactly once, every
 * call ends {@code delivered} after one attempt, and no clock minute sees more than 6 deliveries.
 * The instances consume their own queue ({@code it.quota.webhook-calls}), so that neither the dev
 * suite nor the QuarkusTests take their messages.
 */
class WebhookRestartIT {

    private static final int CALLS = 12;
    private static final int PER_MINUTE = 6;
    private static final String[] OVERRIDES = {
        "-Dheadroom.webhooks.lease=20s",
    };
    /** A graceful stop waits up to 15 s for deliveries in flight, then Quarkus shuts down. */
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);
    /**
     * Twelve calls at 6 per minute need two clock minutes; a call whose held place passed while no
     * instance ran takes a place in a third. Accepted with at least 40 s of the first minute left,
     * the third ends at most 160 s after the acceptance.
     */
    private static final Duration ALL_DELIVERED_WITHIN = Duration.ofSeconds(180);

    private static RecordingTarget target;
    private static PackagedInstance first;
    private static PackagedInstance second;

    @BeforeAll
    static void startTarget() {
        PackagedInstance.signWithTestKey();
        target = RecordingTarget.start();
    }

    @AfterAll
    static void stopEverything() {
        Cleanup.closeAll(second, first, target);
    }

    @Test
    void callsAcceptedBeforeARestartAreAllDeliveredAfterItEachOnce() throws Exception {
        first = PackagedQuota.start("webhook-restart-1", OVERRIDES);
        String account = Ids.next(Ids.ACCOUNT);
        first.post("/v1/accounts", Tokens.platformAdmin(), new JsonObject().put("id", account)
                .put("name", "Webhook restart").put("ownerEmail", "owner@acme.test").put("plan", "enterprise")
                .put("customLimits", new JsonObject().put("apiCallsPerMinute", PER_MINUTE)), 201);
        String owner = Tokens.owner(account);
        String project = new JsonObject(first.post("/v1/accounts/" + account + "/projects", owner,
                new JsonObject().put("name", "Shop"), 201)).getString("id");
        // a path of its own: calls other tests left behind may be delivered to this port too
        String path = "/restart/" + project;
        first.put("/v1/projects/" + project + "/webhook-target", owner,
                new JsonObject().put("url", target.url(path)), 200);

        // the first 6 go at once and well inside this minute, the next 6 are spread over the next one
        Checks.awaitRoom(60, 40);
        String gateway = Tokens.gateway();
        Set<String> accepted = new LinkedHashSet<>();
        for (int i = 1; i <= CALLS; i++) {
            JsonObject answer = new JsonObject(first.post("/v1/projects/" + project + "/webhook-calls", gateway,
                    new JsonObject().put("source", "crm").put("payload", new JsonObject().put("n", i)), 202));
            assertThat(answer.getString("status")).isEqualTo("queued");
            assertThat(answer.getString("id")).startsWith(Ids.WEBHOOK_CALL);
            accepted.add(answer.getString("id"));
        }
        assertThat(accepted).hasSize(CALLS);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !target.hits(path).isEmpty());
        assertThat(first.stop(GRACEFUL_STOP)).as("the first instance exits by itself after SIGTERM within %s;"
                + " see target/webhook-restart-1.log", GRACEFUL_STOP).isTrue();
        int beforeRestart = target.hits(path).size();
        assertThat(beforeRestart).as("calls still waiting when the first instance stopped").isLessThan(CALLS);

        second = PackagedQuota.start("webhook-restart-2", OVERRIDES);
        await().atMost(ALL_DELIVERED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(idsSeen(path)).as("call ids the target saw").containsAll(accepted));
        // the target sees a call before the service records it: wait for the records, then look again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> allDelivered(project, accepted, owner));

        List<RecordingTarget.Hit> hits = target.hits(path);
        assertThat(hits).extracting(RecordingTarget.Hit::webhookId).as("each call id seen once, %d before the"
                + " restart", beforeRestart).doesNotHaveDuplicates();
        assertThat(idsSeen(path)).isEqualTo(accepted);
        assertThat(hits).extracting(RecordingTarget.Hit::attempt).containsOnly(1);
        for (String id : accepted) {
            JsonObject call = new JsonObject(second.get("/v1/projects/" + project + "/webhook-calls/" + id, owner, 200));
            assertThat(call.getString("status")).as(call.encode()).isEqualTo("delivered");
            assertThat(call.getInteger("attempts")).as(call.encode()).isEqualTo(1);
            assertThat(call.getInteger("lastStatus")).as(call.encode()).isEqualTo(200);
        }
        Map<Instant, Long> perMinute = hits.stream().collect(Collectors.groupingBy(
                hit -> hit.at().truncatedTo(ChronoUnit.MINUTES), TreeMap::new, Collectors.counting()));
        assertThat(perMinute.values()).as("deliveries per clock minute: %s", perMinute)
                .allMatch(n -> n <= PER_MINUTE);
    }

    private static Set<String> idsSeen(String path) {
        return target.hits(path).stream().map(RecordingTarget.Hit::webhookId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static boolean allDelivered(String project, Set<String> ids, String token) throws Exception {
        for (String id : ids) {
            JsonObject call = new JsonObject(second.get("/v1/projects/" + project + "/webhook-calls/" + id, token, 200));
            if (!"delivered".equals(call.getString("status"))) {
                return false;
            }
        }
        return true;
    }
}
