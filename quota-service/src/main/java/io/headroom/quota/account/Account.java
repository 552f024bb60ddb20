package io.headroom.quota.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.headroom.quota.plan.Plan;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A customer account of the platform: its plan, pricing scheme and billing-cycle anchor. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "owner_email", nullable = false)
    public String ownerEmail;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Plan plan;

    @Enumerated(EnumType.STRING)
    @Column(name = "pricing_scheme", nullable = false)
    public PricingScheme pricingScheme;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "cycle_anchor_day", nullable = false)
    public int cycleAnchorDay;

    @Column(nullable = false)
    public String timezone;

    /** The operator's negotiated limits as JSON ({@link io.headroom.quota.plan.CustomLimits}), or null. */
    @Column(name = "custom_limits", columnDefinition = "text")
    public String customLimits;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
