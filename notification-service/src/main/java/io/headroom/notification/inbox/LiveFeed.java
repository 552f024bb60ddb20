package io.headroom.notification.inbox;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * New in-app notifications as they commit, on every instance: the {@code notification} table's
 * trigger names each one with {@code pg_notify('headroom_inbox', …)} (delivered at commit, so never
 * one that rolled back), and this instance's listener reads it and hands it to its SSE clients. A
 * client that was disconnected catches up with the list endpoint; the stream only carries what is
 * new. While the listener reconnects (every second after losing PostgreSQL), new notifications
 * reach the list but not the streams.
 */
@ApplicationScoped
public class LiveFeed {

    public static final String CHANNEL = "headroom_inbox";
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final int BUFFER_PER_CLIENT = 256;

    private final BroadcastProcessor<NotificationView> processor = BroadcastProcessor.create();
    /** The way in: notifications arrive on several event loops, and a processor takes one at a time. */
    private final SerializedProcessor<NotificationView, NotificationView> input = processor.serialized();
    private final AtomicInteger listeners = new AtomicInteger();
    private final Pool pool;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    public LiveFeed(ObjectMapper mapper, Vertx vertx, Pool pool,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.mapper = mapper;
        this.vertx = vertx;
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    void listen(@Observes StartupEvent start) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(CHANNEL).handler(this::publish);
        subscriber.connect()
                .onFailure().invoke(e -> LOG.warnf("listening for new notifications failed, trying again: %s",
                        e.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(ok -> LOG.debug("listening for new notifications"), e -> {
                });
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        input.onComplete();
    }

    /** Every new in-app notification from now on; each subscriber has a buffer of its own. */
    public Multi<NotificationView> stream() {
        return processor.onOverflow().buffer(BUFFER_PER_CLIENT)
                .onSubscription().invoke(() -> listeners.incrementAndGet())
                .onTermination().invoke(() -> listeners.decrementAndGet());
    }

    /** Reads the notification the payload names and hands it to the subscribers, if there are any. */
    private void publish(String payload) {
        if (listeners.get() == 0) {
            return;
        }
        String id;
        try {
            id = mapper.readTree(payload).path("id").asText();
        } catch (Exception e) {
            LOG.warnf("an unreadable inbox notification was skipped: %s", e.toString());
            return;
        }
        pool.preparedQuery("select id, kind, account_id, project_id, title, message, details, created_at"
                + " from notification where id = $1").execute(Tuple.of(id))
                .subscribe().with(rows -> {
                    for (Row row : rows) {
                        input.onNext(view(row));
                    }
                }, e -> LOG.warnf("new notification %s was not streamed: %s", id, e.toString()));
    }

    private NotificationView view(Row row) {
        try {
            return new NotificationView(row.getString("id"), row.getString("kind"), row.getString("account_id"),
                    row.getString("project_id"), row.getString("title"), row.getString("message"),
                    mapper.readTree(row.getString("details")), row.getOffsetDateTime("created_at").toInstant(),
                    false, null, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored details are unreadable", e);
        }
    }
}
