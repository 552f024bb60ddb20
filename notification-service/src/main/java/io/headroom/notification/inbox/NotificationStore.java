package io.headroom.notification.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.db.NativeRows;
import io.headroom.common.page.Cursor;
import io.headroom.notification.mail.Notice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The tables {@code notification}, {@code notification_key}, {@code notification_read} and the
 * creation of {@code email_delivery} rows, in the caller's session. A notification is created
 * only for business keys it could claim: the keys' primary key makes each notify once.
 */
@ApplicationScoped
public class NotificationStore {

    private static final String COLUMNS = "n.id, n.kind, n.account_id, n.project_id, n.title, n.message, n.details,"
            + " n.created_at, r.read_at, e.state, e.attempts, e.last_error, e.sent_at";
    private static final String VISIBLE = " n.in_app and n.account_id = :account and (:whole or n.project_id in (:projects))";
    private static final String FROM =
            " from notification n left join notification_read r on r.notification_id = n.id and r.reader = :reader"
            + " left join email_delivery e on e.notification_id = n.id";
    private static final String UNREAD = " and r.read_at is null";

    private final ObjectMapper mapper;

    public NotificationStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Claims the keys not claimed before for notification {@code id}; the keys it got, in the given order. */
    public Uni<List<String>> claim(List<String> keys, String id) {
        Uni<List<String>> claimed = Uni.createFrom().item(new ArrayList<>());
        for (String key : keys) {
            claimed = claimed.chain(got -> session().chain(s -> s.createNativeQuery("insert into notification_key"
                    + " (business_key, notification_id) values (:key, :id) on conflict do nothing")
                    .setParameter("key", key).setParameter("id", id).executeUpdate())
                    .map(inserted -> {
                        if (inserted == 1) {
                            got.add(key);
                        }
                        return got;
                    }));
        }
        return claimed;
    }

    public Uni<Void> insert(String id, String accountId, String projectId, Notice notice, boolean inApp, Instant now) {
        return session().chain(s -> s.createNativeQuery("insert into notification (id, account_id, project_id, kind,"
                + " title, message, details, in_app, created_at) values (:id, :account, :project, :kind, :title,"
                + " :message, :details, :inApp, :now)")
                .setParameter("id", id).setParameter("account", accountId).setParameter("project", projectId)
                .setParameter("kind", notice.kind()).setParameter("title", clip(notice.title(), 300))
                .setParameter("message", clip(notice.message(), 1000)).setParameter("details", json(notice))
                .setParameter("inApp", inApp).setParameter("now", now).executeUpdate()).replaceWithVoid();
    }

    /** The notification's e-mail, {@code pending} and due at once; empty recipients mean the account owner. */
    public Uni<Void> insertEmail(String id, String accountId, List<String> recipients, Notice notice, Instant now) {
        return session().chain(s -> s.createNativeQuery("insert into email_delivery (notification_id, account_id,"
                + " recipients, subject, html, text_body, state, attempts, next_attempt_at, created_at)"
                + " values (:id, :account, :recipients, :subject, :html, :text, 'pending', 0, :now, :now)")
                .setParameter("id", id).setParameter("account", accountId)
                .setParameter("recipients", String.join(",", recipients))
                .setParameter("subject", clip(notice.subject(), 300)).setParameter("html", notice.html())
                .setParameter("text", notice.text()).setParameter("now", now).executeUpdate()).replaceWithVoid();
    }

    /** The scope's notifications, newest first, from {@code cursor} on; one more than {@code limit}. */
    public Uni<List<NotificationView>> list(InboxScope scope, boolean unreadOnly, Cursor cursor, int limit) {
        boolean first = cursor.equals(Cursor.START);
        return session().chain(s -> {
            Mutiny.SelectionQuery<Object[]> query = visible(s, "select " + COLUMNS + FROM + " where" + VISIBLE
                    + (unreadOnly ? UNREAD : "") + (first ? "" : " and (n.created_at, n.id) < (:after, :afterId)")
                    + " order by n.created_at desc, n.id desc limit :limit", Object[].class, scope)
                    .setParameter("limit", limit + 1);
            if (!first) {
                query.setParameter("after", cursor.after()).setParameter("afterId", cursor.afterId());
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(this::view).toList());
    }

    /** One notification if the scope shows it, else null. */
    public Uni<NotificationView> find(InboxScope scope, String id) {
        return session().chain(s -> visible(s, "select " + COLUMNS + FROM + " where n.id = :id and" + VISIBLE,
                Object[].class, scope).setParameter("id", id).getSingleResultOrNull())
                .map(row -> row == null ? null : view(row));
    }

    public Uni<Long> unreadCount(InboxScope scope) {
        return session().chain(s -> visible(s, "select count(*)" + FROM + " where" + VISIBLE + UNREAD, Long.class, scope)
                .getSingleResult()).map(NativeRows::longValue);
    }

    /** Marks one read for the reader; true when it was unread. */
    public Uni<Boolean> markRead(InboxScope scope, String id, Instant now) {
        return session().chain(s -> s.createNativeQuery("insert into notification_read (reader, notification_id,"
                + " read_at) values (:reader, :id, :now) on conflict do nothing")
                .setParameter("reader", scope.reader()).setParameter("id", id).setParameter("now", now)
                .executeUpdate()).map(inserted -> inserted == 1);
    }

    /** Marks every notification the scope shows read; how many were unread. */
    public Uni<Integer> markAllRead(InboxScope scope, Instant now) {
        return session().chain(s -> {
            Mutiny.MutationQuery query = s.createNativeQuery("insert into notification_read (reader, notification_id,"
                    + " read_at) select :reader, n.id, :now from notification n where" + VISIBLE
                    + " and n.created_at <= :now on conflict do nothing");
            query.setParameter("reader", scope.reader()).setParameter("now", now)
                    .setParameter("account", scope.accountId()).setParameter("whole", scope.wholeAccount())
                    .setParameter("projects", projects(scope));
            return query.executeUpdate();
        });
    }

    private static <R> Mutiny.SelectionQuery<R> visible(Mutiny.Session session, String sql, Class<R> type,
            InboxScope scope) {
        return session.createNativeQuery(sql, type).setParameter("reader", scope.reader()).setParameter("account", scope.accountId())
                .setParameter("whole", scope.wholeAccount()).setParameter("projects", projects(scope));
    }

    /** The projects parameter: never empty, which SQL's {@code in ()} would not take. */
    private static List<String> projects(InboxScope scope) {
        return scope.projects().isEmpty() ? List.of("") : scope.projects();
    }

    private NotificationView view(Object[] row) {
        try {
            Instant readAt = NativeRows.instant(row[8]);
            return new NotificationView((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                    (String) row[4], (String) row[5], mapper.readTree((String) row[6]), NativeRows.instant(row[7]),
                    readAt != null, readAt, row[9] == null ? null : new NotificationView.Email((String) row[9],
                            NativeRows.intValue(row[10]), (String) row[11], NativeRows.instant(row[12])));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored details are unreadable", e);
        }
    }

    private String json(Notice notice) {
        try {
            return mapper.writeValueAsString(notice.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details are plain values", e);
        }
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
