package io.headroom.notification.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.headroom.common.page.Page;
import io.headroom.common.security.Roles;
import io.headroom.notification.inbox.InboxScope;
import io.headroom.notification.inbox.InboxService;
import io.headroom.notification.inbox.LiveFeed;
import io.headroom.notification.inbox.NotificationView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The in-app inbox (spec: notification-service §3): the owner sees the account's notifications, a
 * project admin those of their projects; read marks are each user's own.
 */
@Path("/v1/notifications")
@RolesAllowed({Roles.OWNER, Roles.MEMBER})
public class NotificationResource {

    /** A comment-like event every 25 s keeps proxies from closing an idle stream. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

    private final InboxService inbox;
    private final LiveFeed feed;
    private final JsonWebToken token;

    public NotificationResource(InboxService inbox, LiveFeed feed, JsonWebToken token) {
        this.inbox = inbox;
        this.feed = feed;
        this.token = token;
    }

    @GET
    public Uni<Page<NotificationView>> list(@QueryParam("unread") String unread, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return inbox.list(unread, cursor, limit);
    }

    @GET
    @Path("/unread-count")
    public Uni<InboxService.UnreadCount> unreadCount() {
        return inbox.unreadCount();
    }

    @POST
    @Path("/{id}/read")
    public Uni<NotificationView> markRead(@PathParam("id") String id) {
        return inbox.markRead(id);
    }

    @POST
    @Path("/read-all")
    public Uni<InboxService.Marked> markAllRead() {
        return inbox.markAllRead();
    }

    /**
     * Server-Sent Events: each new notification the caller may see, as a {@code message} event
     * whose data is the notification (id = its id), and a {@code keep-alive} event now and then.
     * The stream ends when the caller's token expires: the caller's rights are those of the token
     * it connected with, so a client reconnects with a fresh one.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        InboxScope scope = inbox.scope();
        Multi<OutboundSseEvent> notifications = feed.stream()
                .filter(view -> scope.shows(view.accountId(), view.projectId()))
                .map(view -> sse.newEventBuilder().id(view.id()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(NotificationView.class, view).build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().name("keep-alive").data("{}").build());
        Multi<OutboundSseEvent> stream = Multi.createBy().merging().streams(notifications, keepAlive);
        long expiresAt = token.getExpirationTime();
        return expiresAt <= 0 ? stream
                : stream.select().first(Duration.between(Instant.now(), Instant.ofEpochSecond(expiresAt)));
    }
}
