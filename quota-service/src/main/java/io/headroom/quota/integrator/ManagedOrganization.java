package io.headroom.quota.integrator;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An organization an integrator manages, with the usage attributed to it. */
@Entity
@Table(name = "managed_organization")
public class ManagedOrganization extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "managed_processes", nullable = false)
    public long managedProcesses;

    @Column(name = "sent_votes", nullable = false)
    public long sentVotes;

    @Column(name = "sent_emails", nullable = false)
    public long sentEmails;

    @Column(name = "sent_sms", nullable = false)
    public long sentSMS;
}
