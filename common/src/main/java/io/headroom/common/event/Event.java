package io.headroom.common.event;

import java.time.Instant;

/**
 * An event the services exchange over RabbitMQ (spec/events.md).
 *
 * <p>Every event carries a unique {@code eventId} for de-duplication, the {@code schemaVersion}
 * its producer wrote (starting at 1) and the moment it {@code occurredAt}.
 */
public interface Event {

    String eventId();

    int schemaVersion();

    Instant occurredAt();

    /** The routing key on the {@link Topology#EXCHANGE} exchange. */
    String routingKey();
}
