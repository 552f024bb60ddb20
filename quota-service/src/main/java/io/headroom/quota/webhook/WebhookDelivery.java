package io.headroom.quota.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.headroom.common.event.UnreadableEventException;
import io.headroom.common.lifecycle.InFlight;
import io.headroom.common.outbound.OutboundHttp;
import io.headroom.common.retry.Backoff;
import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.ratelimit.PolicyCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Delivers accepted webhook calls to their project's target (spec/quota-service.md §5). For each
 * message it claims the call (a duplicate message finds it claimed and stops), waits for the
 * project's turn (a call that must wait goes back to the scheduler), POSTs it, and records the
 * outcome: {@code delivered} on a 2xx, else another attempt after a backoff, and {@code failed}
 * after the last. The message is acknowledged only after that is committed; a call whose delivery
 * dies half-way is queued again when its lease runs out.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    /** How long a call waits when its turn cannot be asked for (Redis unreachable): no attempt is spent. */
    private static final Duration PACER_UNAVAILABLE = Duration.ofSeconds(5);

    /** How long a graceful stop waits for deliveries in flight: longer than one outbound request. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

    private final InFlight inFlight = new InFlight();
    private final WebhookCalls calls;
    private final PolicyCache policies;
    private final DeliveryPacer pacer;
    private final OutboundHttp http;
    private final Clock clock;
    private final Backoff backoff;
    private final WebhookConfig config;
    private final long sandboxCallsPerHour;
    private final MeterRegistry registry;

    public WebhookDelivery(WebhookCalls calls, PolicyCache policies, DeliveryPacer pacer, OutboundHttp http,
            Clock clock, WebhookConfig config, QuotaConfig quota, MeterRegistry registry) {
        this.calls = calls;
        this.policies = policies;
        this.pacer = pacer;
        this.http = http;
        this.clock = clock;
        this.config = config;
        this.backoff = new Backoff(config.firstBackoff(), config.maxBackoff());
        this.sandboxCallsPerHour = quota.quota().sandboxCallsPerHour();
        this.registry = registry;
    }

    @Incoming("webhook-calls")
    public Uni<Void> deliver(Object message) {
        String callId = message instanceof JsonObject json ? json.getString("callId") : null;
        if (callId == null) {
            LOG.warnf("refused a webhook message without a callId: %s", message);
            return Uni.createFrom().failure(new UnreadableEventException("not a webhook call message"));
        }
        if (!inFlight.enter()) { // left unacknowledged: the broker gives it to another instance once this one is gone
            return Uni.createFrom().nothing();
        }
        return Panache.withTransaction(() -> calls.claim(callId, clock.instant().plus(config.lease())))
                .chain(claimed -> claimed == null ? Uni.createFrom().voidItem() : whenItsTurn(claimed))
                .onFailure().invoke(e -> LOG.warnf("delivering webhook call %s failed, its message is returned: %s",
                        callId, e.toString()))
                .eventually(inFlight::leave);
    }

    /**
     * A graceful stop lets the deliveries in flight finish and record their outcome, so that a
     * restart sends no call twice; it takes no new ones meanwhile.
     */
    void stop(@Observes ShutdownEvent event) {
        int left = inFlight.stopAndDrain(SHUTDOWN_GRACE);
        if (left > 0) {
            LOG.warnf("%d webhook deliveries still in flight at shutdown; their calls are queued again when their"
                    + " lease runs out", left);
        }
    }

    private Uni<Void> whenItsTurn(WebhookCalls.Claimed call) {
        return policies.get(call.projectId()).chain(policy -> {
            if (policy == null) { // the project was deleted, and its calls with it
                return Uni.createFrom().voidItem();
            }
            DeliveryRate rate = DeliveryRate.of(policy, clock.instant(), sandboxCallsPerHour);
            Uni<DeliveryPacer.Turn> turn = rate.unlimited() ? Uni.createFrom().item(new DeliveryPacer.Turn(0, -1))
                    : pacer.turn(call.projectId(), rate, call.heldWindow());
            return turn.onFailure().recoverWithItem(e -> {
                LOG.debugf("no turn for %s, Redis unreachable: %s", call.id(), e.toString());
                return null;
            }).chain(given -> {
                if (given == null) {
                    return hold(call, PACER_UNAVAILABLE.toMillis(), call.heldWindow());
                }
                return given.now() ? attempt(call) : hold(call, given.waitMillis(), given.window());
            });
        });
    }

    private Uni<Void> hold(WebhookCalls.Claimed call, long waitMillis, Long window) {
        return Panache.withTransaction(() -> calls.hold(call.id(), clock.instant().plusMillis(waitMillis), window));
    }

    private Uni<Void> attempt(WebhookCalls.Claimed call) {
        int attempt = call.attempts() + 1;
        Uni<OutboundHttp.Result> sent = call.targetUrl() == null
                ? Uni.createFrom().item(OutboundHttp.Result.failed("the project has no webhook target"))
                : http.post(call.targetUrl(), headers(call, attempt), envelope(call, attempt));
        return sent.chain(result -> {
            Instant now = clock.instant();
            registry.counter("headroom.webhooks.attempts", "outcome", result.accepted() ? "delivered"
                    : result.refused() ? "refused" : "failed").increment();
            if (result.accepted()) {
                return Panache.withTransaction(() -> calls.delivered(call.id(), result.status(), now));
            }
            boolean last = result.refused() || attempt >= config.maxAttempts();
            Instant retryAt = last ? null : now.plus(backoff.after(attempt));
            return Panache.withTransaction(() -> calls.attemptFailed(call.id(), result, now, retryAt));
        });
    }

    /** Standard Webhooks' id and timestamp, so a target can tell a redelivery from a new call. */
    private Map<String, String> headers(WebhookCalls.Claimed call, int attempt) {
        return Map.of("Content-Type", "application/json",
                "User-Agent", "Headroom-Webhooks/1",
                "webhook-id", call.id(),
                "webhook-timestamp", Long.toString(clock.instant().getEpochSecond()),
                "X-Headroom-Attempt", Integer.toString(attempt));
    }

    /** The body: the call's facts around the payload as it was received (stored as JSON, spliced in as is). */
    private static Buffer envelope(WebhookCalls.Claimed call, int attempt) {
        String head = new JsonObject().put("id", call.id()).put("projectId", call.projectId())
                .put("source", call.source()).put("receivedAt", call.acceptedAt().toString()).put("attempt", attempt)
                .encode();
        return Buffer.buffer(head.substring(0, head.length() - 1) + ",\"payload\":" + call.payload() + "}");
    }
}
