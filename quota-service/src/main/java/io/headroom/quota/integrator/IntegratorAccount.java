package io.headroom.quota.integrator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An account's integrator settings and the usage counters its limits bound. */
@Entity
@Table(name = "integrator_account")
public class IntegratorAccount extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(nullable = false)
    public boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public IntegratorTier tier;

    @Column(name = "max_managed_orgs", nullable = false)
    public long maxManagedOrgs;

    @Column(name = "max_managed_processes", nullable = false)
    public long maxManagedProcesses;

    @Column(name = "max_votes", nullable = false)
    public long maxVotes;

    @Column(name = "max_emails", nullable = false)
    public long maxEmails;

    @Column(name = "max_sms", nullable = false)
    public long maxSMS;

    @Column(name = "managed_orgs", nullable = false)
    public long managedOrgs;

    @Column(name = "managed_processes", nullable = false)
    public long managedProcesses;

    @Column(name = "sent_votes", nullable = false)
    public long sentVotes;

    @Column(name = "sent_emails", nullable = false)
    public long sentEmails;

    @Column(name = "sent_sms", nullable = false)
    public long sentSMS;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public IntegratorLimits limits() {
        return new IntegratorLimits(maxManagedOrgs, maxManagedProcesses, maxVotes, maxEmails, maxSMS);
    }

    public IntegratorUsage usage() {
        return new IntegratorUsage(managedOrgs, managedProcesses, sentVotes, sentEmails, sentSMS);
    }

    public void limit(IntegratorLimits limits) {
        maxManagedOrgs = limits.maxManagedOrgs();
        maxManagedProcesses = limits.maxManagedProcesses();
        maxVotes = limits.maxVotes();
        maxEmails = limits.maxEmails();
        maxSMS = limits.maxSMS();
    }

    /** The limit and counter of {@code quota}, as {max, used}. */
    long[] standing(IntegratorQuota quota) {
        return switch (quota) {
            case MANAGED_ORGS -> new long[] {maxManagedOrgs, managedOrgs};
            case MANAGED_PROCESSES -> new long[] {maxManagedProcesses, managedProcesses};
            case VOTES -> new long[] {maxVotes, sentVotes};
            case EMAILS -> new long[] {maxEmails, sentEmails};
            case SMS -> new long[] {maxSMS, sentSMS};
        };
    }
}
