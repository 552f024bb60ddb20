package io.headroom.quota.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.common.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Queues waiting webhook calls again when they are due (their turn, their backoff, or the lease of
 * a delivery that never finished), by putting a new message into the outbox in the transaction
 * that hands the call back to it. Every instance runs it; {@code skip locked} keeps them apart.
 * Also deletes finished calls after the retention period.
 */
@ApplicationScoped
public class WebhookScheduler {

    private static final Logger LOG = Logger.getLogger(WebhookScheduler.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES = 10;

    private final WebhookCalls calls;
    private final Outbox outbox;
    private final Clock clock;
    private final WebhookConfig config;

    public WebhookScheduler(WebhookCalls calls, Outbox outbox, Clock clock, WebhookConfig config) {
        this.calls = calls;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(identity = "webhook-requeue", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> requeueDue() {
        return requeue(MAX_BATCHES)
                .onFailure().invoke(e -> LOG.warnf("re-queueing due webhook calls failed, tried again in 1 s: %s",
                        e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Queues up to {@code batches} batches of due calls; how many. */
    public Uni<Integer> requeue(int batches) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> calls.takeDue(now, BATCH).call(due -> announce(due, now)))
                .chain(due -> due.size() == BATCH && batches > 1
                        ? requeue(batches - 1).map(more -> due.size() + more)
                        : Uni.createFrom().item(due.size()));
    }

    private Uni<Void> announce(List<String[]> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String[] call : due) {
            chain = chain.chain(() -> outbox.add(WebhookCallReady.of(call[0], call[1], now, config.routingKey())));
        }
        return chain;
    }

    /** Recovers calls whose message was lost (see {@link WebhookCalls#reclaimOrphans}), once a minute. */
    @Scheduled(identity = "webhook-orphans", every = "1m", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reclaimOrphans() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> calls.reclaimOrphans(now.minus(config.orphanAfter()), now))
                .invoke(found -> {
                    if (found > 0) {
                        LOG.warnf("%d queued webhook calls had lost their message; queued again", found);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("looking for lost webhook messages failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(identity = "webhook-retention", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return Panache.withTransaction(() -> calls.purgeFinished(clock.instant().minus(config.retention()), 5_000))
                .invoke(deleted -> LOG.debugf("deleted %d finished webhook calls", deleted))
                .onFailure().invoke(e -> LOG.warnf("deleting finished webhook calls failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
