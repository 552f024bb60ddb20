package io.headroom.quota.integrator;

import java.time.Instant;

/** What the integrator endpoints answer. */
public final class IntegratorViews {

    private IntegratorViews() {
    }

    /** {@code GET /integrator}: exactly the source's shape ({@code enabled}, {@code limits}, {@code usage}), plus {@code tier}. */
    public record Overview(boolean enabled, IntegratorTier tier, IntegratorLimits limits, IntegratorUsage usage) {

        public static final Overview DISABLED = new Overview(false, null, IntegratorLimits.NONE, IntegratorUsage.NONE);

        static Overview of(IntegratorAccount account) {
            return account == null ? DISABLED
                    : new Overview(account.enabled, account.tier, account.limits(), account.usage());
        }
    }

    /** A managed organization with the usage attributed to it. */
    public record Organization(String id, String name, Instant createdAt, Attributed usage) {

        static Organization of(ManagedOrganization org) {
            return new Organization(org.id, org.name, org.createdAt,
                    new Attributed(org.managedProcesses, org.sentVotes, org.sentEmails, org.sentSMS));
        }
    }

    /** Usage attributed to one organization. */
    public record Attributed(long managedProcesses, long sentVotes, long sentEmails,
            @com.fasterxml.jackson.annotation.JsonProperty("sentSMS") long sentSMS) {
    }

    /** A published process. */
    public record Process(String id, String organizationId, String title, Instant createdAt) {

        static Process of(ManagedProcess process) {
            return new Process(process.id, process.organizationId, process.title, process.createdAt);
        }
    }
}
