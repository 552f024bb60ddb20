package io.headroom.quota.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.headroom.common.event.Event;

/**
 * quota-service to itself: a webhook call is ready for a delivery attempt. It goes through the
 * outbox like every event, so it is in RabbitMQ exactly when the call's change committed; it names
 * the call only, the payload stays in PostgreSQL.
 */
public record WebhookCallReady(String eventId, int schemaVersion, Instant occurredAt, String callId,
        String projectId, @JsonIgnore String routingKey) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public static WebhookCallReady of(String callId, String projectId, Instant now, String routingKey) {
        return new WebhookCallReady(UUID.randomUUID().toString(), SCHEMA_VERSION, now, callId, projectId, routingKey);
    }
}
