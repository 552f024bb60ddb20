package io.headroom.common.outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.headroom.common.event.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.json.JsonObject;

/**
 * Publishes committed outbox events to the {@code headroom.events} exchange with publisher
 * confirms, and marks a row sent only after the broker confirmed it. A send that fails or gets no
 * confirm within {@code headroom.outbox.send-timeout} leaves its row for the next poll, so an
 * event is never lost; it may be published twice after an outage, which consumers absorb by
 * de-duplicating on {@code eventId}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<JsonObject> emitter;
    private final OutboxConfig config;
    private final AtomicLong rounds = new AtomicLong();
    private final Counter published;
    private final Counter failed;

    public OutboxRelay(@Channel(Topology.OUTBOX_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 4096) MutinyEmitter<JsonObject> emitter, OutboxConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.config = config;
        this.published = registry.counter("headroom.outbox.published");
        this.failed = registry.counter("headroom.outbox.send.failures");
    }

    @Scheduled(identity = "outbox-relay", every = "${headroom.outbox.poll-interval:0.5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return relay(config.maxBatchesPerRound())
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .invoke(() -> rounds.incrementAndGet())
                .replaceWithVoid();
    }

    /** Publishes up to {@code batches} batches of unsent events; the number published. */
    public Uni<Integer> relay(int batches) {
        return publishBatch().chain(sent -> sent == config.batchSize() && batches > 1
                ? relay(batches - 1).map(more -> sent + more)
                : Uni.createFrom().item(sent));
    }

    /** Completed polls since start: a test waits for two more to know the relay had its chance. */
    public long rounds() {
        return rounds.get();
    }

    private Uni<Integer> publishBatch() {
        return Panache.withTransaction(() -> OutboxMessage.lockUnsent(config.batchSize())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : publish(rows)));
    }

    private Uni<Integer> publish(List<OutboxMessage> rows) {
        List<Uni<UUID>> sends = new ArrayList<>(rows.size());
        for (OutboxMessage row : rows) {
            sends.add(send(row));
        }
        return Uni.join().all(sends).andCollectFailures().chain(results -> {
            Set<UUID> sent = results.stream().filter(Objects::nonNull).collect(Collectors.toSet());
            List<UUID> unsent = rows.stream().map(r -> r.id).filter(id -> !sent.contains(id)).toList();
            Uni<Integer> marked = sent.isEmpty() ? Uni.createFrom().item(0)
                    : OutboxMessage.markSent(sent, Instant.now());
            return marked.chain(() -> unsent.isEmpty() ? Uni.createFrom().item(0) : OutboxMessage.countAttempt(unsent))
                    .replaceWith(sent.size());
        });
    }

    /** The row's id once the broker confirmed it, null when it did not. */
    private Uni<UUID> send(OutboxMessage row) {
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(row.routingKey)
                .withMessageId(row.id.toString())
                .withContentType("application/json")
                .withDeliveryMode(2)
                .withTimestamp(row.createdAt.atZone(ZoneOffset.UTC))
                .build();
        Message<JsonObject> message = Message.of(new JsonObject(row.payload)).addMetadata(metadata);
        return emitter.sendMessage(message)
                .ifNoItem().after(config.sendTimeout()).fail()
                .replaceWith(row.id)
                .invoke(() -> published.increment())
                .onFailure().invoke(e -> {
                    failed.increment();
                    LOG.debugf("event %s not confirmed: %s", row.id, e.toString());
                })
                .onFailure().recoverWithNull();
    }
}
