package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Threshold crossings from {@code usage.snapshot} events (issue 6, point 2), through the real broker. */
@QuarkusTest
class ThresholdNotificationTest extends FeedTest {

    private static final String FIFTY_EIGHTY_HUNDRED = """
            {"rules": [{"metric": "api_calls", "thresholds": [50, 80, 100],
              "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}]}""";


    @Test
    void aJumpAcrossThresholdsIsOneNotificationNamingTheHighestAndListingAll() {
        Feed.Account account = feed.account("UTC", "Shop");
        Feed.settings(account, account.project(), FIFTY_EIGHTY_HUNDRED);
        UsageSnapshot forty = Feed.apiCalls(account, 40_000, 100_000);
        feed.publish(forty);
        Feed.awaitProcessed(forty);
        feed.publish(Feed.apiCalls(account, 100_000, 100_000));

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].kind")).isEqualTo("usage_threshold");
        assertThat(inbox.getInt("items[0].details.threshold")).isEqualTo(100);
        assertThat(inbox.getList("items[0].details.thresholds", Integer.class)).containsExactly(50, 80, 100);
        assertThat(inbox.getString("items[0].title")).isEqualTo("Shop: 100 % of API calls reached");
        assertThat(inbox.getString("items[0].message")).contains("100,000 of 100,000 API calls",
                "the billing cycle 1 Nov 2026 – 30 Nov 2026");
    }

    @Test
    void eachThresholdNotifiesOnceAsUsageGrows() {
        Feed.Account account = feed.account("UTC", "Growing");
        Feed.settings(account, account.project(), FIFTY_EIGHTY_HUNDRED);
        for (long used : new long[] {10, 49, 50, 51, 79, 80, 99, 100, 120}) {
            UsageSnapshot snapshot = Feed.apiCalls(account, used, 100);
            feed.publish(snapshot);
            Feed.awaitProcessed(snapshot);
        }

        JsonPath inbox = Feed.awaitInbox(account, 3).jsonPath();
        assertThat(inbox.getList("items.details.threshold", Integer.class)).containsExactly(100, 80, 50);
    }

    @Test
    void anUnlimitedMetricNeverNotifies() {
        Feed.Account account = feed.account("UTC", "Unlimited");
        UsageSnapshot unlimited = Feed.apiCalls(account, 1_000_000, 0);
        feed.publish(unlimited);
        UsageSnapshot limited = Feed.snapshot(account, account.project(), "redemptions", "cycle", Feed.CYCLE_START,
                Feed.CYCLE_END, 8, 10, Instant.now());
        feed.publish(limited);
        Feed.awaitProcessed(unlimited, limited);

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items.details.metric")).containsExactly("redemptions");
    }

    @Test
    void aRaisedLimitReArmsTheThresholdsItBringsUsageUnder() {
        Feed.Account account = feed.account("UTC", "Packages");
        Feed.settings(account, account.project(), FIFTY_EIGHTY_HUNDRED);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        // 85 of 100: 50 and 80; a package raises the limit to 200 (42 %): both re-armed; 170 of 200: 50 and 80 again
        long[][] steps = {{85, 100}, {85, 200}, {170, 200}};
        for (long[] step : steps) {
            at = at.plusSeconds(1);
            UsageSnapshot snapshot = Feed.snapshot(account, account.project(), "api_calls", "cycle",
                    Feed.CYCLE_START, Feed.CYCLE_END, step[0], step[1], at);
            feed.publish(snapshot);
            Feed.awaitProcessed(snapshot);
        }

        JsonPath inbox = Feed.awaitInbox(account, 2).jsonPath();
        assertThat(inbox.getList("items")).hasSize(2);
        assertThat(inbox.getList("items.details.thresholds", List.class))
                .containsExactly(List.of(50, 80), List.of(50, 80));
        assertThat(inbox.getList("items.details.limit", Integer.class)).containsExactly(200, 100);
    }

    @Test
    void aNewPeriodStartsAfreshAndAnOlderSnapshotAfterANewerOneIsIgnored() {
        Feed.Account account = feed.account("UTC", "Cycles");
        Feed.settings(account, account.project(), FIFTY_EIGHTY_HUNDRED);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant december = Feed.CYCLE_END;
        Instant january = Instant.parse("2027-01-01T00:00:00Z");

        UsageSnapshot novemberAt60 = Feed.snapshot(account, account.project(), "api_calls", "cycle",
                Feed.CYCLE_START, december, 60, 100, now.minusSeconds(30));
        UsageSnapshot decemberAt60 = Feed.snapshot(account, account.project(), "api_calls", "cycle", december,
                january, 60, 100, now.minusSeconds(20));
        feed.publish(novemberAt60);
        Feed.awaitProcessed(novemberAt60);
        feed.publish(decemberAt60);
        Feed.awaitProcessed(decemberAt60);
        // late: a December state taken before the newest one, and a November one after December began
        UsageSnapshot olderDecember = Feed.snapshot(account, account.project(), "api_calls", "cycle", december,
                january, 95, 100, now.minusSeconds(25));
        UsageSnapshot lateNovember = Feed.snapshot(account, account.project(), "api_calls", "cycle",
                Feed.CYCLE_START, december, 95, 100, now.minusSeconds(10));
        feed.publish(olderDecember);
        feed.publish(lateNovember);
        Feed.awaitProcessed(olderDecember, lateNovember);

        JsonPath inbox = Feed.awaitInbox(account, 2).jsonPath();
        assertThat(inbox.getList("items")).hasSize(2);
        assertThat(inbox.getList("items.details.periodStart"))
                .containsExactlyInAnyOrder(december.toString(), Feed.CYCLE_START.toString());
        assertThat(inbox.getList("items.details.threshold", Integer.class)).containsOnly(50);
    }

    @Test
    void theEmailNamesProjectMetricPercentageNumbersAndPeriodInHtmlAndText() {
        Feed.Account account = feed.account("UTC", "Mail <Shop>");
        Feed.settings(account, account.project(), """
                {"rules": [{"metric": "api_calls", "thresholds": [80],
                  "email": {"enabled": true, "recipients": ["ops-%1$s@example.com", "cto-%1$s@example.com"]},
                  "inApp": {"enabled": false}}]}""".formatted(account.id().substring(4).toLowerCase()));
        feed.publish(Feed.apiCalls(account, 80_500, 100_000));

        String ops = "ops-" + account.id().substring(4).toLowerCase() + "@example.com";
        String cto = "cto-" + account.id().substring(4).toLowerCase() + "@example.com";
        org.awaitility.Awaitility.await().atMost(Feed.PATIENCE)
                .until(() -> SmtpServer.to(ops).size() == 1 && SmtpServer.to(cto).size() == 1);
        SmtpServer.Received mail = SmtpServer.to(ops).get(0);
        assertThat(mail.subject()).isEqualTo("[Headroom] Mail <Shop> reached 80 % of its API calls");
        assertThat(mail.text()).contains("Mail <Shop>", "80,500", "100,000", "API calls", "80 %",
                "the billing cycle 1 Nov 2026 – 30 Nov 2026",
                "https://app.headroom.local/projects/" + account.project() + "/usage");
        assertThat(mail.html()).contains("Mail &lt;Shop&gt;", "80,500", "100,000", "80 %",
                "href=\"https://app.headroom.local/projects/" + account.project() + "/usage\"");
        assertThat(SmtpServer.to(account.ownerEmail())).isEmpty();
        // in-app off: nothing in the inbox
        assertThat(Feed.inbox(account).jsonPath().getList("items")).isEmpty();
    }
}
