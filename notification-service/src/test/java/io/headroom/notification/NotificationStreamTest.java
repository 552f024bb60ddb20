package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /v1/notifications/stream} (issue 6, point 5; spec: notification-service §3) over real
 * HTTP: a new notification arrives as a Server-Sent Event to the callers who may see it, and to no
 * one else. The stream only carries what is new, so each test connects (and waits until the
 * stream is live) before publishing the snapshot that creates the notification.
 */
@QuarkusTest
class NotificationStreamTest extends FeedTest {


    @Test
    void aNewNotificationArrivesOnTheOwnersStreamAndIsTheOneTheListShows() throws Exception {
        Feed.Account account = feed.account("UTC", "Live");
        try (EventStream stream = EventStream.open(account.ownerToken())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            stream.awaitLive();

            feed.publish(crossEighty(account, account.project(), "redemptions"));

            EventStream.Event event = stream.awaitNotification(json -> account.project()
                    .equals(json.getString("projectId")));
            JsonPath data = event.json();
            String id = data.getString("id");
            assertThat(id).startsWith("ntf_");
            assertThat(event.id()).as("the event's id is the notification's").isEqualTo(id);
            assertThat(data.getString("kind")).isEqualTo("usage_threshold");
            assertThat(data.getString("accountId")).isEqualTo(account.id());
            assertThat(data.getBoolean("read")).isFalse();
            assertThat(data.getString("details.metric")).isEqualTo("redemptions");
            assertThat(data.getInt("details.threshold")).isEqualTo(80);
            Instant createdAt = Instant.parse(data.getString("createdAt"));
            System.out.printf("notification %s arrived on the stream %d ms after its createdAt%n", id,
                    Duration.between(createdAt, event.arrivedAt()).toMillis());

            JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
            assertThat(inbox.getList("items")).hasSize(1);
            assertThat(inbox.getString("items[0].id")).isEqualTo(id);
            assertThat(Instant.parse(inbox.getString("items[0].createdAt"))).isEqualTo(createdAt);
            assertThat(inbox.getString("items[0].title")).isEqualTo(data.getString("title"));
            assertThat(inbox.getString("items[0].message")).isEqualTo(data.getString("message"));
            assertThat(stream.notificationIds()).containsExactly(id);
        }
    }

    @Test
    void aProjectAdminsStreamCarriesTheirProjectsNotificationsOnly() throws Exception {
        Feed.Account account = feed.account("UTC", "A", "B");
        String a = account.projectIds().get(0);
        String b = account.projectIds().get(1);
        String adminOfA = Tokens.member(account.id(), Map.of(a, "admin", b, "viewer"));
        try (EventStream admin = EventStream.open(adminOfA);
                EventStream owner = EventStream.open(account.ownerToken())) {
            assertThat(admin.status()).isEqualTo(200);
            admin.awaitLive();
            owner.awaitLive();

            // B's notification reaches the stream before A's is even created
            feed.publish(crossEighty(account, b, "redemptions"));
            String onB = owner.awaitNotification(json -> b.equals(json.getString("projectId"))).notificationId();
            feed.publish(crossEighty(account, a, "redemptions"));
            String onA = admin.awaitNotification(json -> a.equals(json.getString("projectId"))).notificationId();

            assertThat(admin.notificationIds()).as("B's, streamed before A's, never came").containsExactly(onA);
            owner.awaitNotification(json -> a.equals(json.getString("projectId")));
            assertThat(owner.notificationIds()).containsExactly(onB, onA);
        }
    }

    @Test
    void anotherAccountsNotificationsNeverArrive() throws Exception {
        Feed.Account mine = feed.account("UTC", "Mine");
        Feed.Account theirs = feed.account("UTC", "Theirs");
        // an admin of the other account who claims admin on this account's project, too
        String claimant = Tokens.member(theirs.id(), Map.of(theirs.project(), "admin", mine.project(), "admin"));
        try (EventStream stream = EventStream.open(mine.ownerToken());
                EventStream stranger = EventStream.open(claimant)) {
            stream.awaitLive();
            stranger.awaitLive();

            // each absence is checked after an event that was streamed later than the one that must not come
            feed.publish(crossEighty(theirs, theirs.project(), "redemptions"));
            String theirFirst = stranger.awaitNotification(json -> "redemptions".equals(json.getString(
                    "details.metric"))).notificationId();
            feed.publish(crossEighty(mine, mine.project(), "redemptions"));
            String myId = stream.awaitNotification(json -> mine.project().equals(json.getString("projectId")))
                    .notificationId();
            feed.publish(crossEighty(theirs, theirs.project(), "api_calls"));
            String theirSecond = stranger.awaitNotification(json -> "api_calls".equals(json.getString(
                    "details.metric"))).notificationId();

            assertThat(Feed.awaitInbox(mine, 1).jsonPath().getString("items[0].id")).isEqualTo(myId);
            assertThat(stream.notificationIds()).containsExactly(myId).doesNotContain(theirFirst);
            assertThat(stranger.notificationIds()).containsExactly(theirFirst, theirSecond).doesNotContain(myId);
            assertThat(stranger.events()).allSatisfy(event -> assertThat(event.data()).doesNotContain(mine.id()));
        }
    }

    /** A snapshot of 80 of 100 in the November cycle: a new notification under the default settings. */
    private static UsageSnapshot crossEighty(Feed.Account account, String projectId, String metric) {
        return Feed.snapshot(account, projectId, metric, "cycle", Feed.CYCLE_START, Feed.CYCLE_END, 80, 100,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A Server-Sent Events client on {@link HttpClient}: the response body is read line by line in a
     * background thread and parsed into events (fields {@code id}, {@code event}, {@code data}, each
     * event ended by an empty line). The body is an {@link InputStream} that {@link #close()} closes
     * from the test's thread, which wakes the reader; a {@code Stream<String>} of lines could not
     * be closed while its reader waits inside {@code readLine}.
     */
    static final class EventStream implements AutoCloseable {

        /** One event as it arrived; {@code name} null for an unnamed event ({@code message}). */
        record Event(String id, String name, String data, Instant arrivedAt) {

            JsonPath json() {
                return JsonPath.from(data);
            }

            /** The id in the data (the event's own {@code id} field should repeat it). */
            String notificationId() {
                return json().getString("id");
            }

            boolean isNotification() {
                return (name == null || "message".equals(name)) && data.startsWith("{") && data.contains("\"id\"");
            }
        }

        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<HttpResponse<InputStream>> sent;
        private HttpResponse<InputStream> response;
        private Thread reader;

        private EventStream(String token) {
            URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/notifications/stream");
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token).GET().build();
            sent = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        }

        /** Connects and returns once the response's headers arrived; the body is then read in the background. */
        static EventStream open(String token) throws Exception {
            EventStream stream = new EventStream(token);
            try {
                stream.response = stream.sent.get(Feed.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                InputStream body = stream.response.body();
                stream.reader = new Thread(() -> stream.read(body), "sse-test-reader");
                stream.reader.setDaemon(true);
                stream.reader.start();
                return stream;
            } catch (Exception | Error e) {
                stream.close();
                throw e;
            }
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /**
         * Waits for the first event: the endpoint merges the notifications with keep-alive ticks,
         * and it subscribes to the notifications before the ticks, so any event means that the
         * stream is listening.
         */
        void awaitLive() {
            await().atMost(Feed.PATIENCE).until(() -> !events.isEmpty());
        }

        /** Waits for a notification whose data matches, and returns its event. */
        Event awaitNotification(Predicate<JsonPath> matches) {
            Event[] found = new Event[1];
            await().atMost(Feed.PATIENCE).until(() -> {
                for (Event event : events) {
                    if (event.isNotification() && matches.test(event.json())) {
                        found[0] = event;
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }

        /** Every event received so far, keep-alives included. */
        List<Event> events() {
            return List.copyOf(events);
        }

        /** The ids of the notifications received so far, in arrival order. */
        List<String> notificationIds() {
            return events.stream().filter(Event::isNotification).map(Event::notificationId).toList();
        }

        private void read(InputStream body) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = null;
                Instant arrivedAt = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, name, data.toString(), arrivedAt));
                        }
                        id = null;
                        name = null;
                        data = null;
                        arrivedAt = null;
                        continue;
                    }
                    if (line.startsWith(":")) {
                        continue; // a comment
                    }
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> {
                            if (data == null) {
                                data = new StringBuilder(value);
                                arrivedAt = Instant.now();
                            } else {
                                data.append('\n').append(value);
                            }
                        }
                        default -> {
                            // retry and unknown fields
                        }
                    }
                }
            } catch (IOException e) {
                // closed by the test, or the server went away: the events so far stay
            }
        }

        @Override
        public void close() {
            sent.cancel(true);
            if (response != null) {
                try {
                    response.body().close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            if (reader != null) {
                reader.interrupt();
            }
        }
    }
}
