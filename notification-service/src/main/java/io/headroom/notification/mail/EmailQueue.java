package io.headroom.notification.mail;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.db.NativeRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The table {@code email_delivery} as a queue. An attempt takes due e-mails with
 * {@code for update skip locked} (so instances never take the same one) and pushes their due time
 * one lease ahead: an instance that dies while sending leaves its e-mails to be taken again when
 * the lease ends. Each outcome is written only by the attempt that owns the row.
 */
@ApplicationScoped
public class EmailQueue {

    /** An e-mail taken for attempt number {@code attempt}; {@code to} empty means the owner ({@code ownerEmail}). */
    public record Taken(long id, String notificationId, List<String> to, String ownerEmail, String subject,
            String html, String text, int attempt) {
    }

    /** Takes up to {@code batch} due e-mails for one attempt each. */
    public Uni<List<Taken>> take(int batch, long leaseMillis) {
        return session().chain(s -> s.createNativeQuery("update email_delivery e set attempts = e.attempts + 1,"
                + " next_attempt_at = clock_timestamp() + make_interval(secs => :lease)"
                + " from (select id from email_delivery where state = 'pending' and next_attempt_at <= clock_timestamp()"
                + " order by next_attempt_at limit :batch for update skip locked) due where e.id = due.id"
                + " returning e.id, e.notification_id, e.recipients, (select a.owner_email from account_projection a"
                + " where a.account_id = e.account_id), e.subject, e.html, e.text_body, e.attempts", Object[].class)
                .setParameter("lease", leaseMillis / 1000.0).setParameter("batch", batch).getResultList())
                .map(rows -> rows.stream().map(row -> new Taken(NativeRows.longValue(row[0]), (String) row[1],
                        recipients((String) row[2]), (String) row[3], (String) row[4], (String) row[5],
                        (String) row[6], NativeRows.intValue(row[7]))).toList());
    }

    public Uni<Boolean> sent(Taken email) {
        return session().chain(s -> s.createNativeQuery("update email_delivery set state = 'sent',"
                + " sent_at = clock_timestamp(), last_error = null where id = :id and attempts = :attempt"
                + " and state = 'pending'")
                .setParameter("id", email.id()).setParameter("attempt", email.attempt()).executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Gives back a taken e-mail that was not sent (its lease would have ended mid-send): due at once, the attempt not counted. */
    public Uni<Void> release(Taken email) {
        return session().chain(s -> s.createNativeQuery("update email_delivery set attempts = attempts - 1,"
                + " next_attempt_at = clock_timestamp() where id = :id and attempts = :attempt and state = 'pending'")
                .setParameter("id", email.id()).setParameter("attempt", email.attempt()).executeUpdate())
                .replaceWithVoid();
    }

    /** Records a failed attempt: tried again at {@code retryAt}, or {@code failed} for good when it is null. */
    public Uni<Void> attemptFailed(Taken email, String error, Instant retryAt) {
        return session().chain(s -> s.createNativeQuery("update email_delivery set last_error = :error,"
                + " state = case when :final then 'failed' else 'pending' end,"
                + " next_attempt_at = coalesce(:retryAt, next_attempt_at)"
                + " where id = :id and attempts = :attempt and state = 'pending'")
                .setParameter("error", error.length() <= 500 ? error : error.substring(0, 500))
                .setParameter("final", retryAt == null).setParameter("retryAt", retryAt)
                .setParameter("id", email.id()).setParameter("attempt", email.attempt()).executeUpdate())
                .replaceWithVoid();
    }

    private static List<String> recipients(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.split(","));
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
