package io.headroom.distribution.delivery;

import java.net.ConnectException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.distribution.config.DistributionConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/**
 * An e-mail over SMTP (the Quarkus mailer, {@code quarkus.mailer.*}), plain text, with the message
 * id in {@code Message-ID} so that a repeat after a lost answer can be recognized. A permanent SMTP
 * refusal (5xx) fails the message for good; anything else is tried again.
 */
@ApplicationScoped
public class EmailCourier implements Courier {

    private static final Logger LOG = Logger.getLogger(EmailCourier.class);

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public EmailCourier(ReactiveMailer mailer, DistributionConfig config) {
        this.mailer = mailer;
        this.timeout = config.delivery().mailTimeout();
    }

    @Override
    public Uni<Attempt> deliver(Outgoing message) {
        Mail mail = Mail.withText(message.recipient(), message.subject(), message.body())
                .addHeader("Message-ID", "<" + message.id() + "@headroom>")
                .addHeader("X-Headroom-Distribution", message.distributionId());
        return mailer.send(mail)
                .ifNoItem().after(timeout).fail()
                .map(sent -> Attempt.success())
                .onFailure().invoke(e -> LOG.debugf(e, "e-mail %s failed", message.id()))
                .onFailure().recoverWithItem(EmailCourier::attempt);
    }

    static Attempt attempt(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return Attempt.retry("the mail server did not answer in time");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return Attempt.retry("the mail server could not be reached");
            }
            if (cause instanceof SMTPException smtp) {
                String error = "the mail server refused the message (SMTP " + smtp.getReplyCode() + ")";
                return smtp.isPermanent() ? Attempt.permanent(error) : Attempt.retry(error);
            }
        }
        return Attempt.retry("sending failed");
    }
}
