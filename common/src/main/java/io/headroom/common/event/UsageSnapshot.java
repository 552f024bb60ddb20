package io.headroom.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The usage of one metric of one project in one period: a state, not a delta. {@code limit} is
 * the effective limit, 0 meaning unlimited; {@code window} is {@code cycle}, {@code day} or
 * {@code hour}.
 */
public record UsageSnapshot(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String projectId,
        String metric,
        Instant periodStart,
        Instant periodEnd,
        long used,
        long limit,
        String window) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public static UsageSnapshot of(Instant occurredAt, String accountId, String projectId, String metric,
            Instant periodStart, Instant periodEnd, long used, long limit, String window) {
        return new UsageSnapshot(UUID.randomUUID().toString(), SCHEMA_VERSION, occurredAt, accountId, projectId,
                metric, periodStart, periodEnd, used, limit, window);
    }

    @Override
    public String routingKey() {
        return Topology.USAGE_SNAPSHOT;
    }
}
