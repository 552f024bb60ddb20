package io.headroom.distribution.delivery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headroom.common.lifecycle.InFlight;
import io.headroom.common.lifecycle.Lease;
import io.headroom.common.outbound.OutboundConfig;
import io.headroom.common.retry.Backoff;
import io.headroom.distribution.config.DistributionConfig;
import io.headroom.distribution.send.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends queued messages, every second, on every instance: a batch is taken (leased), its messages
 * sent a few at a time by their channel's {@link Courier}, and each outcome written as soon as it
 * is known: {@code sent}; {@code queued} again after a {@link Backoff}; {@code failed} after the
 * last attempt or a permanent refusal. A graceful stop takes no new batch and lets the one in
 * flight finish and record, so a restart sends nothing twice. An instance killed between a
 * receiver's acceptance and that write sends the message again when its lease ends, with the same
 * message id for the receiver to recognize.
 */
@Startup // created at start, so a lease shorter than a send stops the service there
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    /** A backlog drains at up to this many batches a second per instance. */
    private static final int MAX_BATCHES_PER_TICK = 20;

    private final MessageQueue queue;
    private final Map<Channel, Courier> couriers = new EnumMap<>(Channel.class);
    private final DistributionConfig.Delivery config;
    private final Backoff backoff;
    private final MeterRegistry registry;
    private final InFlight inFlight = new InFlight();
    /** The longest one message may take: the mail server's timeout or the HTTP total timeout. */
    private final Duration longestSend;

    public DeliveryDispatcher(MessageQueue queue, EmailCourier email, SmsCourier sms, WebhookCourier webhook,
            DistributionConfig config, OutboundConfig outbound, MeterRegistry registry) {
        this.queue = queue;
        couriers.put(Channel.EMAIL, email);
        couriers.put(Channel.SMS, sms);
        couriers.put(Channel.WEBHOOK, webhook);
        this.config = config.delivery();
        this.backoff = new Backoff(this.config.firstBackoff(), this.config.maxBackoff());
        this.registry = registry;
        Duration mail = this.config.mailTimeout();
        this.longestSend = mail.compareTo(outbound.totalTimeout()) >= 0 ? mail : outbound.totalTimeout();
        if (this.config.lease().compareTo(longestSend) <= 0) {
            throw new IllegalArgumentException("headroom.delivery.lease (" + this.config.lease()
                    + ") must be longer than the longest send (" + longestSend + "), or no message could ever be sent");
        }
    }

    @Scheduled(identity = "message-delivery", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        return dispatch(MAX_BATCHES_PER_TICK)
                .onFailure().invoke(e -> LOG.warnf("sending due messages failed, tried again in 1 s: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Sends due messages, batch after batch while batches come full, at most {@code batches}; how many were taken. */
    public Uni<Integer> dispatch(int batches) {
        if (!inFlight.enter()) {
            return Uni.createFrom().item(0);
        }
        Lease lease = Lease.startingNow(config.lease());
        return Panache.withTransaction(() -> queue.take(config.batch(), config.lease().toMillis()))
                .chain(batch -> send(batch, lease))
                .eventually(inFlight::leave)
                .chain(taken -> taken == config.batch() && batches > 1
                        ? dispatch(batches - 1).map(more -> taken + more)
                        : Uni.createFrom().item(taken));
    }

    /**
     * Sends a batch a few messages at a time; outcomes are written one after the other, as they
     * come. A message is started only while the lease outlasts the longest a send may take and
     * the instance is not stopping; the others are given back untried, so a slow batch or a stop
     * never lets two instances send the same message.
     */
    private Uni<Integer> send(List<Outgoing> batch, Lease lease) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUni(message -> Uni.createFrom().deferred(() -> inFlight.stopping()
                        || !lease.covers(longestSend)
                                ? Uni.createFrom().item(new Sent(message, null))
                                : couriers.get(message.channel()).deliver(message)
                                        .onFailure().recoverWithItem(e -> {
                                            LOG.warnf("sending message %s failed unexpectedly: %s", message.id(),
                                                    e.toString());
                                            return Attempt.retry("sending failed");
                                        })
                                        .map(attempt -> new Sent(message, attempt))))
                .merge(config.concurrency())
                // one failed write must not leave the rest of the batch unrecorded (and sent again)
                .onItem().transformToUniAndConcatenate(sent -> record(sent)
                        .onFailure().invoke(e -> LOG.warnf("recording the outcome of message %s failed; it is sent"
                                + " again when its lease ends: %s", sent.message().id(), e.toString()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWith(batch.size());
    }

    /** A message and what its attempt came to; {@code attempt} null when it was given back untried. */
    private record Sent(Outgoing message, Attempt attempt) {
    }

    private Uni<Void> record(Sent sent) {
        Outgoing message = sent.message();
        Attempt attempt = sent.attempt();
        if (attempt == null) {
            return Panache.withTransaction(() -> queue.release(message));
        }
        registry.counter("headroom.distribution.attempts", "channel", message.channel().wire(), "outcome",
                attempt.delivered() ? "sent" : attempt.permanent() ? "refused" : "failed").increment();
        if (attempt.delivered()) {
            return Panache.withTransaction(() -> queue.sent(message)).replaceWithVoid();
        }
        boolean last = attempt.permanent() || message.attempt() >= config.maxAttempts();
        Duration wait = backoff.after(message.attempt());
        LOG.infof("message %s (%s), attempt %d of %d, failed%s: %s", message.id(), message.channel().wire(),
                message.attempt(), config.maxAttempts(), last ? " for good" : "", attempt.error());
        return Panache.withTransaction(() -> queue.attemptFailed(message, attempt.error(), last ? null : wait));
    }

    /**
     * A graceful stop lets the batch in flight finish and record its outcomes, so that a restart
     * sends no message twice; it takes no new batch meanwhile.
     */
    void stop(@Observes ShutdownEvent event) {
        if (inFlight.stopAndDrain(config.shutdownGrace()) > 0) {
            LOG.warnf("a batch of messages was still in flight at shutdown; its unrecorded messages are sent again"
                    + " when their lease ends");
        }
    }
}
