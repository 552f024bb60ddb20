package io.headroom.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** E-mail delivery over real SMTP (issue 6, point 4): recipients, and a server that is away for a while. */
@QuarkusTest
class EmailDeliveryTest extends FeedTest {

    /** A test that stopped the server leaves it running for the next one. */
    @AfterEach
    void restoreTheServer() {
        SmtpServer.up();
    }

    @Test
    void withoutRecipientsTheEmailGoesToTheAccountOwner() {
        Feed.Account account = feed.account("UTC", "Owner's");
        feed.publish(Feed.apiCalls(account, 85, 100));

        await().atMost(Feed.PATIENCE).until(() -> SmtpServer.to(account.ownerEmail()).size() == 1);
        SmtpServer.Received mail = SmtpServer.to(account.ownerEmail()).get(0);
        assertThat(mail.subject()).isEqualTo("[Headroom] Owner's reached 80 % of its API calls");
        assertThat(mail.html()).contains("Owner&#39;s");
        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        await().atMost(Feed.PATIENCE).until(() -> "sent".equals(Feed.inbox(account).jsonPath()
                .getString("items[0].email.state")));
        assertThat(inbox.getString("items[0].details.metric")).isEqualTo("api_calls");
    }

    @Test
    void withTheServerDownTheInAppNotificationAppearsAtOnceAndTheEmailIsSentOnceWhenItReturns() {
        Feed.Account account = feed.account("UTC", "Outage");
        SmtpServer.down();
        UsageSnapshot crossing = Feed.apiCalls(account, 100, 100);
        feed.publish(crossing);

        JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
        assertThat(inbox.getList("items.details.threshold", Integer.class)).containsExactly(100);
        // the e-mail waits, stored with its state and the last error
        await().atMost(Feed.PATIENCE).until(() -> Feed.inbox(account).jsonPath().getInt("items[0].email.attempts") >= 2);
        JsonPath waiting = Feed.inbox(account).jsonPath();
        assertThat(waiting.getString("items[0].email.state")).isEqualTo("pending");
        assertThat(waiting.getString("items[0].email.lastError")).isNotBlank();
        // a redelivered snapshot while the server is away adds nothing
        feed.publish(crossing);
        Feed.awaitProcessed(crossing);

        SmtpServer.up();
        await().atMost(Feed.PATIENCE).until(() -> "sent".equals(Feed.inbox(account).jsonPath()
                .getString("items[0].email.state")));
        assertThat(SmtpServer.to(account.ownerEmail())).hasSize(1);
        JsonPath sent = Feed.inbox(account).jsonPath();
        assertThat(sent.getList("items")).hasSize(1);
        assertThat(sent.getString("items[0].email.sentAt")).isNotNull();
        assertThat(Feed.count("select count(*) from email_delivery e join notification n on n.id = e.notification_id"
                + " where n.account_id = ?", account.id())).isEqualTo(1);
    }
}
