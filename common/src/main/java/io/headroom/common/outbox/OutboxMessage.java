package io.headroom.common.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** One event waiting in (or already relayed from) the outbox table of the service that produced it. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "routing_key", nullable = false, length = 100)
    public String routingKey;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(nullable = false)
    public int attempts;

    protected OutboxMessage() {
    }

    OutboxMessage(UUID id, String routingKey, String payload, Instant createdAt) {
        this.id = id;
        this.routingKey = routingKey;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    /**
     * The oldest unsent events, locked for this transaction; rows another relay instance holds are
     * skipped, so instances share the work without publishing a row twice at the same time.
     */
    @SuppressWarnings("unchecked")
    static Uni<List<OutboxMessage>> lockUnsent(int limit) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from outbox_message where sent_at is null order by created_at, id"
                        + " limit :limit for update skip locked", OutboxMessage.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    static Uni<Integer> markSent(Collection<UUID> ids, Instant now) {
        return update("sentAt = ?1 where id in ?2", now, ids);
    }

    static Uni<Integer> countAttempt(Collection<UUID> ids) {
        return update("attempts = attempts + 1 where id in ?1", ids);
    }
}
