package io.headroom.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account as its owner service (quota-service) knows it now: a state, not a delta. Consumers
 * keep the newest one by {@code occurredAt}.
 */
public record AccountChanged(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String name,
        String ownerEmail,
        String plan,
        String pricingScheme,
        Instant createdAt,
        String timezone,
        int cycleAnchorDay,
        PlanLimits limits,
        List<ProjectRef> projects) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** The plan limits other services need; 0 means unlimited. */
    public record PlanLimits(long distributionsPerDay, long distributionsPerMonth, long webhookCallsPerDay) {
    }

    /** A project of the account. */
    public record ProjectRef(String id, String name, boolean sandbox) {
    }

    public static AccountChanged of(Instant occurredAt, String accountId, String name, String ownerEmail,
            String plan, String pricingScheme, Instant createdAt, String timezone, int cycleAnchorDay,
            PlanLimits limits, List<ProjectRef> projects) {
        return new AccountChanged(UUID.randomUUID().toString(), SCHEMA_VERSION, occurredAt, accountId, name,
                ownerEmail, plan, pricingScheme, createdAt, timezone, cycleAnchorDay, limits, List.copyOf(projects));
    }

    @Override
    public String routingKey() {
        return Topology.ACCOUNT_CHANGED;
    }
}
