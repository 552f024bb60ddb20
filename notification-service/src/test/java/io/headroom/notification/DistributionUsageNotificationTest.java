package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.DistributionUsage;
import io.headroom.common.event.Event;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code distribution.usage} from distribution-service (spec: notification-service §1–2): the
 * {@code distribution_messages} metric notifies only when the owner's settings have a rule for it
 * (the defaults do not), once per threshold and period ({@code day} or {@code month}).
 */
@QuarkusTest
class DistributionUsageNotificationTest extends FeedTest {

    private static final String FIFTY_AND_HUNDRED = """
            {"rules": [{"metric": "distribution_messages", "thresholds": [50, 100],
              "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}]}""";
    private static final Instant DAY_ONE = Instant.parse("2026-11-21T00:00:00Z");
    private static final Instant DAY_TWO = DAY_ONE.plus(1, ChronoUnit.DAYS);
    private static final Instant DAY_THREE = DAY_TWO.plus(1, ChronoUnit.DAYS);
    private static final Instant DAY_FOUR = DAY_THREE.plus(1, ChronoUnit.DAYS);


    @Test
    void theDefaultSettingsDoNotNotifyOfDistributionMessages() {
        Feed.Account account = feed.account("UTC", "Newsletter");
        process(Feed.distribution(account, "day", DAY_ONE, DAY_TWO, 100, 100));
        process(Feed.distribution(account, "month", Feed.CYCLE_START, Feed.CYCLE_END, 1_000, 1_000));
        // the same project's redemptions do notify under the defaults
        process(Feed.snapshot(account, account.project(), "redemptions", "cycle", Feed.CYCLE_START, Feed.CYCLE_END,
                80, 100, Instant.now().truncatedTo(ChronoUnit.MILLIS)));

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].details.metric")).isEqualTo("redemptions");
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id()))
                .isEqualTo(1);
    }

    @Test
    void aDistributionRuleNotifiesOncePerThresholdAndPeriod() {
        Feed.Account account = feed.account("UTC", "Newsletter");
        Feed.settings(account, account.project(), FIFTY_AND_HUNDRED);
        for (long used : new long[] {40, 60, 70, 100, 120}) {
            process(Feed.distribution(account, "day", DAY_ONE, DAY_TWO, used, 100));
        }
        DistributionUsage redelivered = Feed.distribution(account, "day", DAY_ONE, DAY_TWO, 130, 100);
        feed.publish(redelivered);
        process(redelivered);
        process(Feed.distribution(account, "day", DAY_TWO, DAY_THREE, 60, 100));
        process(Feed.distribution(account, "day", DAY_TWO, DAY_THREE, 65, 100));
        // unlimited: never
        process(Feed.distribution(account, "day", DAY_THREE, DAY_FOUR, 5_000, 0));
        // the month is a period of its own: a jump to 100 % is one notification naming 100 and listing 50
        process(Feed.distribution(account, "month", Feed.CYCLE_START, Feed.CYCLE_END, 1_000, 1_000));
        process(Feed.distribution(account, "month", Feed.CYCLE_START, Feed.CYCLE_END, 1_100, 1_000));

        JsonPath inbox = Feed.awaitInbox(account, 4).jsonPath();
        assertThat(inbox.getList("items")).hasSize(4);
        assertThat(inbox.getList("items.kind", String.class)).containsOnly("usage_threshold");
        assertThat(inbox.getList("items.projectId", String.class)).containsOnly(account.project());
        assertThat(inbox.getList("items.details.metric", String.class)).containsOnly("distribution_messages");
        assertThat(inbox.getList("items.details.window", String.class)).containsExactly("month", "day", "day", "day");
        assertThat(inbox.getList("items.details.periodStart", String.class)).containsExactly(
                Feed.CYCLE_START.toString(), DAY_TWO.toString(), DAY_ONE.toString(), DAY_ONE.toString());
        assertThat(inbox.getList("items.details.threshold", Integer.class)).containsExactly(100, 50, 100, 50);
        assertThat(inbox.getList("items.details.thresholds", List.class))
                .containsExactly(List.of(50, 100), List.of(50), List.of(100), List.of(50));
        assertThat(inbox.getList("items.details.used", Long.class)).containsExactly(1_000L, 60L, 100L, 60L);
        assertThat(inbox.getString("items[0].title")).isEqualTo("Newsletter: 100 % of distribution messages reached");
        assertThat(inbox.getString("items[0].message")).contains("1,000 of 1,000 distribution messages",
                "November 2026");
        assertThat(inbox.getString("items[1].message")).contains("60 of 100 distribution messages", "22 Nov 2026");

        await().atMost(Feed.PATIENCE).until(() -> SmtpServer.to(account.ownerEmail()).size() >= 4);
        assertThat(SmtpServer.to(account.ownerEmail())).extracting(SmtpServer.Received::subject)
                .containsExactlyInAnyOrder("[Headroom] Newsletter reached 100 % of its distribution messages",
                        "[Headroom] Newsletter reached 50 % of its distribution messages",
                        "[Headroom] Newsletter reached 100 % of its distribution messages",
                        "[Headroom] Newsletter reached 50 % of its distribution messages");
    }

    /** Publishes and waits until processed: its effect, if any, has committed with it. */
    private void process(Event event) {
        feed.publish(event);
        Feed.awaitProcessed(event);
    }
}
