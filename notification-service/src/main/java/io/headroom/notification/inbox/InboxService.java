package io.headroom.notification.inbox;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.page.Cursor;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The in-app inbox of the caller (spec: notification-service §3): list, unread count, mark read. */
@ApplicationScoped
public class InboxService {

    /** The bell icon's number. */
    public record UnreadCount(long unread) {
    }

    /** How many notifications {@code read-all} marked. */
    public record Marked(int marked) {
    }

    private final NotificationStore store;
    private final Access access;
    private final Clock clock;

    public InboxService(NotificationStore store, Access access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    public Uni<Page<NotificationView>> list(String unreadText, String cursorText, String limitText) {
        boolean unreadOnly = flag("unread", unreadText);
        Cursor cursor = Cursor.decode(cursorText);
        int limit = Cursor.limit(limitText);
        InboxScope scope = scope();
        if (scope.empty()) {
            return Uni.createFrom().item(new Page<>(List.of(), null));
        }
        return Panache.withSession(() -> store.list(scope, unreadOnly, cursor, limit))
                .map(rows -> Page.of(rows, limit, view -> view, view -> new Cursor(view.createdAt(), view.id())));
    }

    public Uni<UnreadCount> unreadCount() {
        InboxScope scope = scope();
        if (scope.empty()) {
            return Uni.createFrom().item(new UnreadCount(0));
        }
        return Panache.withSession(() -> store.unreadCount(scope)).map(UnreadCount::new);
    }

    /** Marks one read for the caller; 404 when the caller cannot see it. */
    public Uni<NotificationView> markRead(String id) {
        InboxScope scope = scope();
        return Panache.withTransaction(() -> store.find(scope, id).chain(view -> {
            if (view == null) {
                throw Problems.notFound("notification", id);
            }
            return store.markRead(scope, id, clock.instant()).chain(() -> store.find(scope, id));
        }));
    }

    public Uni<Marked> markAllRead() {
        InboxScope scope = scope();
        if (scope.empty()) {
            return Uni.createFrom().item(new Marked(0));
        }
        return Panache.withTransaction(() -> store.markAllRead(scope, clock.instant())).map(Marked::new);
    }

    public InboxScope scope() {
        return InboxScope.of(access.caller());
    }

    private static boolean flag(String name, String text) {
        if (text == null || text.isEmpty() || "false".equals(text)) {
            return false;
        }
        if ("true".equals(text)) {
            return true;
        }
        throw Problems.invalid(name, "must be true or false");
    }
}
