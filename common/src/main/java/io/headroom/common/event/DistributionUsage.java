package io.headroom.common.event;

import java.time.Instant;

/** Messages an account's project sent in a {@code day} or {@code month}, against its limit (0 = unlimited). */
public record DistributionUsage(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String projectId,
        Instant periodStart,
        Instant periodEnd,
        long used,
        long limit,
        String period) implements Event {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String routingKey() {
        return Topology.DISTRIBUTION_USAGE;
    }
}
