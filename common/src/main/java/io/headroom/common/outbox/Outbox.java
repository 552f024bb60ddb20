package io.headroom.common.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.Event;
import io.headroom.common.event.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The producer side of the transactional outbox (spec/events.md): an event is written in the
 * same database transaction as the change that causes it, and {@link OutboxRelay} publishes it
 * after the commit. A change that rolls back takes its event with it.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;

    public Outbox(EventCodec codec) {
        this.codec = codec;
    }

    /** Adds {@code event} to the outbox. Must run inside the caller's transaction, and fails otherwise. */
    public Uni<Void> add(Event event) {
        return Panache.currentTransaction().chain(transaction -> {
            if (transaction == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "an event goes into the outbox inside the transaction of its change"));
            }
            OutboxMessage message = new OutboxMessage(UUID.fromString(event.eventId()), event.routingKey(),
                    codec.encode(event), event.occurredAt());
            return message.persist().replaceWithVoid();
        });
    }
}
