package io.headroom.common.event;

import java.time.Instant;

/** The anti-spam check of an account was decided: {@code decision} is {@code passed} or {@code rejected}. */
public record AntispamDecided(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String decision,
        String reason) implements Event {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String routingKey() {
        return Topology.ANTISPAM_DECIDED;
    }
}
