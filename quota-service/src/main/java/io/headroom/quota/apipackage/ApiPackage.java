package io.headroom.quota.apipackage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Extra API calls an account bought for a while; ended early by setting {@link #endedAt}. */
@Entity
@Table(name = "api_package")
public class ApiPackage extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "extra_per_minute", nullable = false)
    public long extraPerMinute;

    @Column(name = "extra_per_hour", nullable = false)
    public long extraPerHour;

    @Column(name = "extra_per_cycle", nullable = false)
    public long extraPerCycle;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
