package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The webhook-hour alert (issue 6, point 6; spec: notification-service §2): a project's
 * {@code webhook_calls} in one clock hour above the hourly share of its daily bucket (the
 * snapshot's limit: 144,000 a day ÷ 24 = 6,000) notify once for that hour, in-app and by e-mail to
 * the owner under the default settings.
 */
@QuarkusTest
class WebhookHourAlertTest extends FeedTest {

    private static final long HOURLY_SHARE = 6_000;
    private static final Instant TEN = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant ELEVEN = TEN.plus(1, ChronoUnit.HOURS);


    @Test
    void severalSnapshotsAboveTheLimitInOneHourAreOneAlertAndOneEmail() {
        Feed.Account account = feed.account("Europe/Madrid", "Hooks");
        String project = account.project();
        for (long used : new long[] {5_000, 6_001, 6_500, 9_000, 12_000}) {
            process(hour(account, project, TEN, used));
        }

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].kind")).isEqualTo("webhook_hour");
        assertThat(inbox.getString("items[0].projectId")).isEqualTo(project);
        assertThat(inbox.getString("items[0].title")).isEqualTo("Hooks: webhook calls above the hourly limit");
        assertThat(inbox.getString("items[0].message")).contains(
                "6,001 webhook calls in the hour 11:00–12:00 on 21 Nov 2026 (Europe/Madrid)", "6,000");
        assertThat(inbox.getString("items[0].details.metric")).isEqualTo("webhook_calls");
        assertThat(inbox.getString("items[0].details.window")).isEqualTo("hour");
        assertThat(inbox.getString("items[0].details.periodStart")).isEqualTo(TEN.toString());
        assertThat(inbox.getLong("items[0].details.used")).isEqualTo(6_001);
        assertThat(inbox.getLong("items[0].details.limit")).isEqualTo(HOURLY_SHARE);
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id()))
                .isEqualTo(1);

        await().atMost(Feed.PATIENCE).until(() -> !SmtpServer.to(account.ownerEmail()).isEmpty());
        List<SmtpServer.Received> mails = SmtpServer.to(account.ownerEmail());
        assertThat(mails).hasSize(1);
        SmtpServer.Received mail = mails.get(0);
        assertThat(mail.subject()).isEqualTo("[Headroom] Hooks: webhook calls above the hourly limit");
        assertThat(mail.text()).contains("Hooks", "6,001", "6,000",
                "the hour 11:00–12:00 on 21 Nov 2026 (Europe/Madrid)",
                "https://app.headroom.local/projects/" + project + "/usage");
        assertThat(mail.html()).contains("6,001", "6,000",
                "href=\"https://app.headroom.local/projects/" + project + "/usage\"");
    }

    @Test
    void exactlyAtTheLimitOrUnlimitedRaisesNoAlert() {
        Feed.Account account = feed.account("UTC", "Edge");
        String project = account.project();
        process(hour(account, project, TEN, HOURLY_SHARE));
        process(Feed.snapshot(account, project, "webhook_calls", "hour", ELEVEN, ELEVEN.plus(1, ChronoUnit.HOURS),
                1_000_000, 0, now()));

        assertThat(Feed.inbox(account).jsonPath().getList("items")).isEmpty();
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id())).isZero();

        // one call more in the same hour is above the limit
        process(hour(account, project, TEN, HOURLY_SHARE + 1));
        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].kind")).isEqualTo("webhook_hour");
        assertThat(inbox.getLong("items[0].details.used")).isEqualTo(HOURLY_SHARE + 1);
    }

    @Test
    void theNextHourAboveTheLimitAlertsAgainAndEachProjectHasItsOwnHours() {
        Feed.Account account = feed.account("UTC", "Busy", "Neighbour");
        String busy = account.projectIds().get(0);
        String neighbour = account.projectIds().get(1);
        process(hour(account, busy, TEN, 7_000));
        process(hour(account, busy, TEN, 8_000));
        process(hour(account, busy, ELEVEN, 6_100));
        process(hour(account, busy, ELEVEN, 6_200));
        process(hour(account, neighbour, ELEVEN, 6_300));

        JsonPath inbox = Feed.awaitInbox(account, 3).jsonPath();
        assertThat(inbox.getList("items")).hasSize(3);
        assertThat(inbox.getList("items.kind", String.class)).containsOnly("webhook_hour");
        assertThat(inbox.getList("items.projectId", String.class)).containsExactly(neighbour, busy, busy);
        assertThat(inbox.getList("items.details.periodStart", String.class))
                .containsExactly(ELEVEN.toString(), ELEVEN.toString(), TEN.toString());
        assertThat(inbox.getList("items.details.used", Long.class)).containsExactly(6_300L, 6_100L, 7_000L);
        await().atMost(Feed.PATIENCE).until(() -> SmtpServer.to(account.ownerEmail()).size() >= 3);
        assertThat(SmtpServer.to(account.ownerEmail())).extracting(SmtpServer.Received::subject).containsOnly(
                "[Headroom] Busy: webhook calls above the hourly limit",
                "[Headroom] Neighbour: webhook calls above the hourly limit").hasSize(3);
    }

    @Test
    void theOwnersSettingsTurnTheHourlyAlertOff() {
        Feed.Account account = feed.account("UTC", "Quiet", "Unruled", "Loud");
        String quiet = account.projectIds().get(0);
        String unruled = account.projectIds().get(1);
        String loud = account.projectIds().get(2);
        Feed.settings(account, quiet, """
                {"rules": [{"metric": "webhook_calls", "hourlyAlert": false,
                  "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}]}""");
        // no webhook_calls rule at all
        Feed.settings(account, unruled, """
                {"rules": [{"metric": "api_calls", "thresholds": [80],
                  "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}]}""");
        process(hour(account, quiet, TEN, 10_000));
        process(hour(account, unruled, TEN, 10_000));
        process(hour(account, loud, TEN, 10_000));

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].projectId")).isEqualTo(loud);
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id()))
                .isEqualTo(1);
    }

    @Test
    void dayWindowSnapshotsAreThresholdReadingsNotHourAlerts() {
        Feed.Account account = feed.account("UTC", "Daily", "Thresholds");
        String daily = account.projectIds().get(0);
        String thresholds = account.projectIds().get(1);
        Feed.settings(account, thresholds, """
                {"rules": [{"metric": "webhook_calls", "thresholds": [80], "hourlyAlert": true,
                  "email": {"enabled": false, "recipients": []}, "inApp": {"enabled": true}}]}""");
        Instant dayStart = Instant.parse("2026-11-21T00:00:00Z");
        Instant dayEnd = Instant.parse("2026-11-22T00:00:00Z");
        // far above the hourly share, and above the daily bucket too
        process(Feed.snapshot(account, daily, "webhook_calls", "day", dayStart, dayEnd, 150_000, 144_000, now()));
        assertThat(Feed.inbox(account).jsonPath().getList("items")).isEmpty();

        process(Feed.snapshot(account, thresholds, "webhook_calls", "day", dayStart, dayEnd, 130_000, 144_000,
                now()));
        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items")).hasSize(1);
        assertThat(inbox.getString("items[0].kind")).isEqualTo("usage_threshold");
        assertThat(inbox.getString("items[0].projectId")).isEqualTo(thresholds);
        assertThat(inbox.getString("items[0].details.metric")).isEqualTo("webhook_calls");
        assertThat(inbox.getString("items[0].details.window")).isEqualTo("day");
        assertThat(inbox.getInt("items[0].details.threshold")).isEqualTo(80);
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id())).isZero();
    }

    /** A snapshot of {@code used} webhook calls in the clock hour from {@code start}, against the hourly share. */
    private static UsageSnapshot hour(Feed.Account account, String projectId, Instant start, long used) {
        return Feed.snapshot(account, projectId, "webhook_calls", "hour", start, start.plus(1, ChronoUnit.HOURS),
                used, HOURLY_SHARE, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Publishes and waits until processed: its effect, if any, has committed with it. */
    private void process(UsageSnapshot snapshot) {
        feed.publish(snapshot);
        Feed.awaitProcessed(snapshot);
    }
}
