package io.headroom.distribution.delivery;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.db.NativeRows;
import io.headroom.distribution.send.Channel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The queued messages in PostgreSQL. Taking a message counts its attempt and leases it (its
 * {@code next_attempt_at} moves past the lease), so another instance takes it only if this one
 * died; {@code for update skip locked} keeps instances from taking the same batch. Outcomes are
 * written only for the attempt that was taken, so a late outcome of an expired lease changes nothing.
 */
@ApplicationScoped
public class MessageQueue {

    public Uni<List<Outgoing>> take(int batch, long leaseMillis) {
        return session().chain(s -> s.createNativeQuery("update message m set attempts = m.attempts + 1,"
                + " next_attempt_at = clock_timestamp() + make_interval(secs => :lease)"
                + " from (select id from message where state = 'queued' and next_attempt_at <= clock_timestamp()"
                + " order by next_attempt_at limit :batch for update skip locked) due, distribution d"
                + " where m.id = due.id and d.id = m.distribution_id"
                + " returning m.id, m.distribution_id, d.channel, m.recipient, d.subject, d.body, d.webhook_url,"
                + " m.attempts", Object[].class)
                .setParameter("lease", leaseMillis / 1000.0).setParameter("batch", batch).getResultList())
                .map(rows -> rows.stream().map(row -> new Outgoing((String) row[0], (String) row[1],
                        Channel.ofWire((String) row[2]), (String) row[3], (String) row[4], (String) row[5],
                        (String) row[6], NativeRows.intValue(row[7]))).toList());
    }

    public Uni<Boolean> sent(Outgoing message) {
        return session().chain(s -> s.createNativeQuery("update message set state = 'sent', sent_at = clock_timestamp(),"
                + " last_error = null where id = :id and attempts = :attempt and state = 'queued'")
                .setParameter("id", message.id()).setParameter("attempt", message.attempt()).executeUpdate())
                .map(updated -> updated == 1);
    }

    /**
     * Gives back a taken message that was not sent (its lease would have ended mid-send, or the
     * instance is stopping): due at once, and the attempt it was taken for not counted.
     */
    public Uni<Void> release(Outgoing message) {
        return session().chain(s -> s.createNativeQuery("update message set attempts = attempts - 1,"
                + " next_attempt_at = clock_timestamp() where id = :id and attempts = :attempt and state = 'queued'")
                .setParameter("id", message.id()).setParameter("attempt", message.attempt()).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt: tried again after {@code wait} (by the database's clock, as the
     * lease), or {@code failed} for good when it is null.
     */
    public Uni<Void> attemptFailed(Outgoing message, String error, Duration wait) {
        return session().chain(s -> s.createNativeQuery("update message set last_error = :error,"
                + " state = case when :final then 'failed' else 'queued' end,"
                + " next_attempt_at = clock_timestamp() + make_interval(secs => :wait)"
                + " where id = :id and attempts = :attempt and state = 'queued'")
                .setParameter("error", error.length() <= 500 ? error : error.substring(0, 500))
                .setParameter("final", wait == null).setParameter("wait", wait == null ? 0.0 : wait.toMillis() / 1000.0)
                .setParameter("id", message.id()).setParameter("attempt", message.attempt()).executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
