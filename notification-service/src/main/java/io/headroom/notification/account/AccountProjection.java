package io.headroom.notification.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.StateProjection;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What notification-service needs of an account: whom to write to, in which zone, the webhook bucket. */
@Entity
@Table(name = "account_projection")
public class AccountProjection extends PanacheEntityBase implements StateProjection {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(nullable = false)
    public String name;

    @Column(name = "owner_email", nullable = false)
    public String ownerEmail;

    @Column(nullable = false)
    public String timezone;

    @Column(name = "webhook_calls_per_day", nullable = false)
    public long webhookCallsPerDay;

    /** The account's projects as JSON: [{id, name, sandbox}]. */
    @Column(nullable = false, columnDefinition = "text")
    public String projects;

    /** {@code occurredAt} of the event this state comes from. */
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    /** How many events changed this projection. */
    @Column(nullable = false)
    public int revision;

    @Override
    public Instant stateAt() {
        return changedAt;
    }

    static AccountProjection empty(String accountId) {
        AccountProjection projection = new AccountProjection();
        projection.accountId = accountId;
        return projection;
    }

    void apply(AccountChanged event, String projectsJson) {
        name = event.name();
        ownerEmail = event.ownerEmail();
        timezone = event.timezone() == null ? "UTC" : event.timezone();
        webhookCallsPerDay = event.limits() == null ? 0 : event.limits().webhookCallsPerDay();
        projects = projectsJson;
        changedAt = event.occurredAt();
        revision++;
    }

    View view() {
        return new View(accountId, name, ownerEmail, timezone, webhookCallsPerDay, changedAt, revision);
    }

    /** The projection as the operator endpoint shows it. */
    public record View(String accountId, String name, String ownerEmail, String timezone, long webhookCallsPerDay,
            Instant changedAt, int revision) {
    }
}
