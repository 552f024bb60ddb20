package io.headroom.common.inbox;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.common.event.Event;
import io.headroom.common.event.EventCodec;
import io.headroom.common.event.UnreadableEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The consumer side of at-least-once delivery: decodes an incoming message and applies its effect
 * at most once per (consumer, {@code eventId}). The event id is recorded in the same transaction
 * as the effect, so a redelivery after a crash either finds both or neither.
 *
 * <p>A message that cannot be read fails the returned {@code Uni}; the connector nacks it and the
 * queue's delivery limit moves it to the dead-letter queue.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final EventCodec codec;

    public IdempotentConsumer(EventCodec codec) {
        this.codec = codec;
    }

    public <E extends Event> Uni<Void> consume(String consumer, Object payload, Class<E> type,
            int readableSchemaVersion, Function<E, Uni<Void>> effect) {
        E event;
        try {
            event = codec.decode(payload, type, readableSchemaVersion);
        } catch (UnreadableEventException e) {
            LOG.warnf("%s refused an unreadable %s: %s", consumer, type.getSimpleName(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> firstDelivery(consumer, event.eventId())
                .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem()));
    }

    private static Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_event (consumer, event_id, processed_at)"
                        + " values (:consumer, :eventId, now()) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
