package io.headroom.distribution.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.StateProjection;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What distribution-service needs of an account to resolve its limits: plan, pricing, age, zone. */
@Entity
@Table(name = "account_projection")
public class AccountProjection extends PanacheEntityBase implements StateProjection {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String plan;

    @Column(name = "pricing_scheme", nullable = false)
    public String pricingScheme;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public String timezone;

    @Column(name = "distributions_per_day", nullable = false)
    public long distributionsPerDay;

    @Column(name = "distributions_per_month", nullable = false)
    public long distributionsPerMonth;

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

    void apply(AccountChanged event) {
        name = event.name();
        plan = event.plan();
        pricingScheme = event.pricingScheme();
        createdAt = event.createdAt();
        timezone = event.timezone() == null ? "UTC" : event.timezone();
        distributionsPerDay = event.limits() == null ? 0 : event.limits().distributionsPerDay();
        distributionsPerMonth = event.limits() == null ? 0 : event.limits().distributionsPerMonth();
        changedAt = event.occurredAt();
        revision++;
    }

    View view() {
        return new View(accountId, name, plan, pricingScheme, createdAt, timezone, distributionsPerDay,
                distributionsPerMonth, changedAt, revision);
    }

    /** The projection as the operator endpoint shows it. */
    public record View(String accountId, String name, String plan, String pricingScheme, Instant createdAt,
            String timezone, long distributionsPerDay, long distributionsPerMonth, Instant changedAt, int revision) {
    }
}
