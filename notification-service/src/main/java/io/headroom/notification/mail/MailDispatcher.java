package io.headroom.notification.mail;

import java.time.Clock;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.common.lifecycle.Lease;
import io.headroom.common.retry.Backoff;
import io.headroom.notification.config.NotificationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/**
 * Sends pending e-mails over SMTP, every second, on every instance. A failed attempt (server
 * down, refused, timed out) is tried again with {@link Backoff}; after the last attempt the e-mail
 * is {@code failed} with the last error. The state is written only after the server's answer, so
 * an e-mail is sent once, unless an instance dies between the server's acceptance and that write:
 * then it is sent again when the lease ends (at-least-once, the SMTP limit). An e-mail is started
 * only while its batch's {@link Lease} outlasts the send timeout, so a slow server cannot make two
 * instances send it.
 */
@Startup // created at start, so a lease shorter than a send stops the service there
@ApplicationScoped
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class);
    /** A backlog drains at up to this many batches a second per instance. */
    private static final int MAX_BATCHES_PER_TICK = 50;

    private final EmailQueue queue;
    private final ReactiveMailer mailer;
    private final NotificationConfig.Mail config;
    private final Backoff backoff;
    private final Clock clock;

    public MailDispatcher(EmailQueue queue, ReactiveMailer mailer, NotificationConfig config, Clock clock) {
        this.queue = queue;
        this.mailer = mailer;
        this.config = config.mail();
        if (this.config.lease().compareTo(this.config.sendTimeout()) <= 0) {
            throw new IllegalArgumentException("headroom.mail.lease (" + this.config.lease()
                    + ") must be longer than headroom.mail.send-timeout (" + this.config.sendTimeout()
                    + "), or no e-mail could ever be sent");
        }
        this.backoff = new Backoff(this.config.firstBackoff(), this.config.maxBackoff());
        this.clock = clock;
    }

    @Scheduled(identity = "mail-dispatch", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatchDue() {
        return dispatch(MAX_BATCHES_PER_TICK)
                .onFailure().invoke(e -> LOG.warnf("sending due e-mails failed, tried again in 1 s: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Sends due e-mails, batch after batch while batches come full, at most {@code batches}; how many were taken. */
    public Uni<Integer> dispatch(int batches) {
        Lease lease = Lease.startingNow(config.lease());
        return Panache.withTransaction(() -> queue.take(config.batch(), config.lease().toMillis()))
                .chain(taken -> Multi.createFrom().iterable(taken)
                        // one at a time: each outcome is written in a transaction of its own on this context;
                        // an e-mail whose send could outlast the lease is given back, never sent twice at once
                        .onItem().transformToUniAndConcatenate(email -> lease.covers(config.sendTimeout())
                                ? send(email)
                                : Panache.withTransaction(() -> queue.release(email)))
                        .collect().last()
                        .replaceWith(taken.size()))
                .chain(sent -> sent == config.batch() && batches > 1
                        ? dispatch(batches - 1).map(more -> sent + more)
                        : Uni.createFrom().item(sent));
    }

    private Uni<Void> send(EmailQueue.Taken email) {
        List<String> to = email.to().isEmpty() && email.ownerEmail() != null ? List.of(email.ownerEmail()) : email.to();
        if (to.isEmpty()) {
            return outcome(email, "the account owner's e-mail address is not known yet");
        }
        Mail mail = new Mail().setTo(to).setSubject(email.subject()).setHtml(email.html()).setText(email.text())
                .addHeader("X-Headroom-Notification", email.notificationId());
        return mailer.send(mail)
                .ifNoItem().after(config.sendTimeout()).fail()
                .onItem().transform(ignored -> (String) null)
                .onFailure().invoke(e -> LOG.debugf(e, "sending the e-mail of notification %s failed",
                        email.notificationId()))
                .onFailure().recoverWithItem(MailDispatcher::describe)
                .chain(error -> outcome(email, error));
    }

    private Uni<Void> outcome(EmailQueue.Taken email, String error) {
        if (error == null) {
            return Panache.withTransaction(() -> queue.sent(email)).replaceWithVoid();
        }
        boolean last = email.attempt() >= config.maxAttempts();
        Duration wait = backoff.after(email.attempt());
        LOG.infof("e-mail of notification %s, attempt %d of %d, failed: %s", email.notificationId(), email.attempt(),
                config.maxAttempts(), error);
        return Panache.withTransaction(() -> queue.attemptFailed(email, error,
                last ? null : clock.instant().plus(wait)));
    }

    /**
     * Why sending failed, in a fixed phrase an owner may read on the notification: never a class
     * name, a host or a stack trace (those go to the log).
     */
    static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "the mail server did not answer in time";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "the mail server could not be reached";
            }
            if (cause instanceof SMTPException smtp) {
                return "the mail server refused the message (SMTP " + smtp.getReplyCode()
                        + (smtp.isPermanent() ? ", permanent" : "") + ")";
            }
        }
        return "sending failed";
    }
}
