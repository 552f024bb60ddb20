package io.headroom.quota.account;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A project of an account; every account has exactly one Sandbox project. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    public static final String SANDBOX_NAME = "Sandbox";

    @Id
    public String id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean sandbox;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Uni<List<Project>> ofAccount(String accountId) {
        return list("accountId = ?1 order by createdAt, id", accountId);
    }
}
