package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 6, point 3, within one instance: 1,000 snapshots crossing 80 %, each delivered twice, by
 * four publishers released together, give one notification and one e-mail per recipient. The
 * restart half of the point is NotificationRestartIT.
 */
@QuarkusTest
class ExactlyOnceTest {

    private static final int SNAPSHOTS = 1_000;
    private static final int PUBLISHERS = 4;

    @Test
    void aThousandCrossingSnapshotsEachDeliveredTwiceNotifyOnce() throws Exception {
        List<UsageSnapshot> snapshots = new ArrayList<>();
        Feed.Account account;
        String suffix;
        try (Feed setup = new Feed()) {
            account = setup.account("UTC", "Flood");
            suffix = account.id().substring(4).toLowerCase();
            Feed.settings(account, account.project(), """
                    {"rules": [{"metric": "api_calls", "thresholds": [80],
                      "email": {"enabled": true, "recipients": ["a-%1$s@example.com", "b-%1$s@example.com"]},
                      "inApp": {"enabled": true}}]}""".formatted(suffix));
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(SNAPSHOTS);
        for (int i = 0; i < SNAPSHOTS; i++) {
            snapshots.add(Feed.snapshot(account, account.project(), "api_calls", "cycle", Feed.CYCLE_START,
                    Feed.CYCLE_END, 800 + i % 200, 1_000, at.plusMillis(i)));
        }

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int first = p;
            done.add(publishers.submit(() -> {
                try (Feed feed = new Feed()) {
                    start.await();
                    for (int i = first; i < SNAPSHOTS; i += PUBLISHERS) {
                        feed.publish(snapshots.get(i));
                        feed.publish(snapshots.get(i));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> publisher : done) {
            publisher.get();
        }
        publishers.shutdown();

        String ids = snapshots.stream().map(snapshot -> "'" + snapshot.eventId() + "'")
                .collect(java.util.stream.Collectors.joining(","));
        await().atMost(Duration.ofMinutes(3)).until(() -> Feed.count(
                "select count(*) from processed_event where event_id in (" + ids + ")") == SNAPSHOTS);
        assertThat(Feed.count("select used from usage_period where project_id = ?", account.project()))
                .as("the newest snapshot's state").isEqualTo(800 + (SNAPSHOTS - 1) % 200);
        assertThat(Feed.count("select count(*) from notification where project_id = ?", account.project()))
                .isEqualTo(1);
        assertThat(Feed.count("select count(*) from notification_key k join notification n"
                + " on n.id = k.notification_id where n.project_id = ?", account.project())).isEqualTo(1);
        assertThat(Feed.awaitInbox(account, 1).jsonPath().getList("items.details.threshold", Integer.class))
                .containsExactly(80);
        await().atMost(Feed.PATIENCE).until(() -> "sent".equals(Feed.inbox(account).jsonPath()
                .getString("items[0].email.state")));
        assertThat(SmtpServer.to("a-" + suffix + "@example.com")).hasSize(1);
        assertThat(SmtpServer.to("b-" + suffix + "@example.com")).hasSize(1);
        assertThat(SmtpServer.to(account.ownerEmail())).isEmpty();
    }
}
