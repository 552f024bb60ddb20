package io.headroom.quota.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.db.NativeRows;
import io.headroom.common.outbound.OutboundHttp;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The webhook tables (migration V4), written inside the caller's transaction. A queued call is
 * owned either by its message in RabbitMQ ({@code due_at} null) or by the scheduler, which queues
 * it again at {@code due_at}; each step below moves it between the two with one conditional
 * statement, so a duplicate message finds nothing to do.
 */
@ApplicationScoped
public class WebhookCalls {

    /** A call taken for delivery, with what the delivery needs. */
    public record Claimed(String id, String projectId, String source, String payload, int attempts, Long heldWindow,
            Instant acceptedAt, String targetUrl) {
    }

    Uni<Boolean> hasTarget(String projectId) {
        return session().chain(s -> s.createNativeQuery(
                "select exists (select 1 from webhook_target where project_id = :project)", Boolean.class)
                .setParameter("project", projectId).getSingleResult());
    }

    /** A call of the project as its readers see it, or null. */
    Uni<WebhookViews.Call> find(String projectId, String callId) {
        return session().chain(s -> s.createNativeQuery("select id, project_id, source, status, attempts,"
                + " accepted_at, last_attempt_at, last_status, last_error, due_at, finished_at,"
                + " held_window from webhook_call where id = :id and project_id = :project", Object[].class)
                .setParameter("id", callId).setParameter("project", projectId).getSingleResultOrNull())
                .map(row -> row == null ? null : new WebhookViews.Call((String) row[0], (String) row[1],
                        (String) row[2], (String) row[3], ((Number) row[4]).intValue(), instant(row[5]),
                        instant(row[6]), row[7] == null ? null : ((Number) row[7]).intValue(), (String) row[8],
                        // a queued call's next attempt: after a failure, or the turn it waits for
                        "queued".equals(row[3]) && (((Number) row[4]).intValue() > 0 || row[11] != null)
                                ? instant(row[9]) : null,
                        instant(row[10])));
    }

    /** Counts one call in the day's bucket unless it is full; the day's count after it, or null when full. */
    Uni<Long> countInBucket(String projectId, Instant dayStart, long limit) {
        return session().chain(s -> s.createNativeQuery("insert into webhook_day (project_id, day_start, used)"
                + " values (:project, :day, 1) on conflict (project_id, day_start) do update"
                + " set used = webhook_day.used + 1 where :unbounded or webhook_day.used < :limit returning used",
                Long.class)
                .setParameter("project", projectId).setParameter("day", dayStart)
                .setParameter("unbounded", limit <= 0).setParameter("limit", limit)
                .getSingleResultOrNull());
    }

    /** The day's count so far, 0 when nothing was accepted. */
    Uni<Long> usedOn(String projectId, Instant dayStart) {
        return session().chain(s -> s.createNativeQuery(
                "select coalesce((select used from webhook_day where project_id = :project and day_start = :day), 0)",
                Long.class)
                .setParameter("project", projectId).setParameter("day", dayStart).getSingleResult());
    }

    /** Counts one accepted call in its hour's rollup; the hour's count after it. */
    Uni<Long> countInHour(String projectId, Instant hourStart) {
        return session().chain(s -> s.createNativeQuery("insert into usage_rollup (project_id, metric, hour_start,"
                + " allowed, denied) values (:project, 'webhook_calls', :hour, 1, 0) on conflict (project_id, metric,"
                + " hour_start) do update set allowed = usage_rollup.allowed + 1 returning allowed", Long.class)
                .setParameter("project", projectId).setParameter("hour", hourStart).getSingleResult());
    }

    Uni<Void> insert(String id, String projectId, String accountId, String source, String payload, Instant now) {
        return session().chain(s -> s.createNativeQuery("insert into webhook_call (id, project_id, account_id,"
                + " source, payload, status, attempts, accepted_at, queued_at) values (:id, :project, :account,"
                + " :source, :payload, 'queued', 0, :now, :now)")
                .setParameter("id", id).setParameter("project", projectId).setParameter("account", accountId)
                .setParameter("source", source).setParameter("payload", payload).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Takes a call from its message for delivery: only a queued call that no other owner holds. The
     * scheduler owns it from here until {@code leaseUntil}, in case this delivery never finishes.
     * Null when there is nothing to deliver (a duplicate message, or a call already finished).
     */
    Uni<Claimed> claim(String callId, Instant leaseUntil) {
        return session().chain(s -> s.createNativeQuery("update webhook_call c set due_at = :lease"
                + " where c.id = :id and c.status = 'queued' and c.due_at is null returning c.id, c.project_id,"
                + " c.source, c.payload, c.attempts, c.held_window, c.accepted_at,"
                + " (select t.url from webhook_target t where t.project_id = c.project_id)",
                Object[].class)
                .setParameter("id", callId).setParameter("lease", leaseUntil)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : new Claimed((String) row[0], (String) row[1], (String) row[2],
                        (String) row[3], ((Number) row[4]).intValue(),
                        row[5] == null ? null : ((Number) row[5]).longValue(), instant(row[6]), (String) row[7]));
    }

    /** The call waits for its place in {@code window} of its project's deliveries, until {@code until}. */
    Uni<Void> hold(String callId, Instant until, Long window) {
        return update("update webhook_call set due_at = :until, held_window = :window"
                + " where id = :id and status = 'queued'", callId, q -> q.setParameter("until", until)
                        .setParameter("window", window));
    }

    /** The target took the call: it is {@code delivered}, and its payload is no longer kept. */
    Uni<Void> delivered(String callId, int status, Instant at) {
        return update("update webhook_call set status = 'delivered', attempts = attempts + 1, last_attempt_at = :at,"
                + " last_status = :status, last_error = null, due_at = null, held_window = null, finished_at = :at,"
                + " payload = null where id = :id and status = 'queued'", callId,
                q -> q.setParameter("at", at).setParameter("status", status));
    }

    /** An attempt failed: the call waits until {@code retryAt}, or is {@code failed} when that is null. */
    Uni<Void> attemptFailed(String callId, OutboundHttp.Result result, Instant at, Instant retryAt) {
        String next = retryAt == null ? "status = 'failed', finished_at = :at, due_at = null"
                : "due_at = :retry";
        return update("update webhook_call set " + next + ", attempts = attempts + 1, last_attempt_at = :at,"
                + " last_status = nullif(:status, 0), last_error = :error, held_window = null"
                + " where id = :id and status = 'queued'",
                callId, q -> {
                    q.setParameter("at", at).setParameter("status", result.status())
                            .setParameter("error", truncate(result.error()));
                    if (retryAt != null) {
                        q.setParameter("retry", retryAt);
                    }
                });
    }

    /** Gives the calls due by {@code now} (at most {@code batch}) back to a message of their own; their ids. */
    Uni<List<String[]>> takeDue(Instant now, int batch) {
        return session().chain(s -> s.createNativeQuery("update webhook_call set due_at = null, queued_at = :now"
                + " where id in"
                + " (select id from webhook_call where due_at <= :now and status = 'queued' order by due_at"
                + " limit :batch for update skip locked) returning id, project_id", Object[].class)
                .setParameter("now", now).setParameter("batch", batch).getResultList())
                .map(rows -> {
                    List<String[]> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(new String[] {(String) row[0], (String) row[1]}));
                    return out;
                });
    }

    /**
     * Hands back to the scheduler the queued calls whose message went out before {@code before}
     * and never claimed them: a message lost to the dead-letter queue (say, PostgreSQL was down
     * for all its deliveries). A message still on its way merely finds the call taken; how many.
     */
    Uni<Integer> reclaimOrphans(Instant before, Instant now) {
        return session().chain(s -> s.createNativeQuery("update webhook_call set due_at = :now where id in"
                + " (select id from webhook_call where status = 'queued' and due_at is null and queued_at < :before"
                + " limit 500 for update skip locked)")
                .setParameter("now", now).setParameter("before", before).executeUpdate());
    }

    /** Deletes up to {@code batch} calls finished before {@code before}; how many. */
    Uni<Integer> purgeFinished(Instant before, int batch) {
        return session().chain(s -> s.createNativeQuery("delete from webhook_call where id in (select id from"
                + " webhook_call where finished_at < :before limit :batch)")
                .setParameter("before", before).setParameter("batch", batch).executeUpdate());
    }

    private static Uni<Void> update(String sql, String callId, java.util.function.Consumer<Mutiny.Query<?>> params) {
        return session().chain(s -> {
            Mutiny.Query<?> query = s.createNativeQuery(sql).setParameter("id", callId);
            params.accept(query);
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }

    static Instant instant(Object value) {
        return NativeRows.instant(value);
    }
}
