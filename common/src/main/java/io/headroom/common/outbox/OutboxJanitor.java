package io.headroom.common.outbox;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.common.idempotency.Idempotency;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Forgets, after {@code headroom.outbox.retention}, the events the relay sent and the event ids
 * consumers processed, and after 24 hours the {@code Idempotency-Key} records (no longer replayed). The retention must exceed the longest time a message can wait in a queue,
 * or a very late redelivery would act again.
 */
@ApplicationScoped
public class OutboxJanitor {

    private static final Logger LOG = Logger.getLogger(OutboxJanitor.class);

    private final OutboxConfig config;

    public OutboxJanitor(OutboxConfig config) {
        this.config = config;
    }

    @Scheduled(identity = "outbox-janitor", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant before = Instant.now().minus(config.retention());
        return Panache.withTransaction(() -> OutboxMessage.delete("sentAt < ?1", before)
                .chain(() -> Panache.getSession()).chain(session -> session
                        .createNativeQuery("delete from processed_event where processed_at < :before")
                        .setParameter("before", before).executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from idempotency_record where created_at < :expired")
                                .setParameter("expired", Instant.now().minus(Idempotency.WINDOW)).executeUpdate())))
                .onFailure().invoke(e -> LOG.warnf("outbox purge failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
