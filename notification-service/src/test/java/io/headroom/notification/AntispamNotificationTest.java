package io.headroom.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.AntispamDecided;
import io.headroom.common.event.Topology;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Problems;
import io.headroom.common.testing.SmtpServer;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Anti-spam decisions (issue 6, point 7; spec: notification-service §2, events.md
 * {@code antispam.decided}): the owner is told in-app and by e-mail; project admins are not; a
 * redelivery tells once; an unreadable message goes to the dead-letter queue without stopping the
 * next one.
 */
@QuarkusTest
class AntispamNotificationTest extends FeedTest {

    private static final String DEAD_LETTERS = "test.notification.antispam-decided.dlq";


    @Test
    void eachDecisionIsAnInAppNotificationAndAnEmailForTheOwnerOnly() {
        Feed.Account account = feed.account("UTC", "Shop");
        AntispamDecided passed = Feed.antispam(account, "passed", "Sender domain verified");
        AntispamDecided rejected = Feed.antispam(account, "rejected", "Purchased list <suspected> & bounces");
        feed.publish(passed);
        Feed.awaitProcessed(passed);
        feed.publish(rejected);
        Feed.awaitProcessed(rejected);

        JsonPath inbox = Feed.awaitInbox(account, 2).jsonPath();
        assertThat(inbox.getList("items")).hasSize(2);
        assertThat(inbox.getList("items.kind", String.class)).containsOnly("antispam_decision");
        assertThat(inbox.getList("items.projectId")).containsOnlyNulls();
        assertThat(inbox.getList("items.accountId", String.class)).containsOnly(account.id());
        assertThat(inbox.getList("items.title", String.class))
                .containsExactly("Anti-spam check rejected", "Anti-spam check passed");
        assertThat(inbox.getList("items.details.decision", String.class)).containsExactly("rejected", "passed");
        assertThat(inbox.getList("items.details.reason", String.class))
                .containsExactly("Purchased list <suspected> & bounces", "Sender domain verified");
        assertThat(inbox.getString("items[0].message")).contains("rejected", "Purchased list <suspected> & bounces");
        assertThat(inbox.getString("items[1].message")).contains("passed", "Sender domain verified");
        assertThat(given().header("Authorization", "Bearer " + account.ownerToken())
                .get("/v1/notifications/unread-count").jsonPath().getLong("unread")).isEqualTo(2);

        // a project admin is not told of account decisions
        String admin = Tokens.member(account.id(), Map.of(account.project(), "admin"));
        assertThat(given().header("Authorization", "Bearer " + admin).get("/v1/notifications?limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(given().header("Authorization", "Bearer " + admin).get("/v1/notifications/unread-count")
                .jsonPath().getLong("unread")).isZero();
        Problems.assertProblem(given().header("Authorization", "Bearer " + admin)
                .post("/v1/notifications/" + inbox.getString("items[0].id") + "/read"), 404, "not-found");

        await().atMost(Feed.PATIENCE).until(() -> SmtpServer.to(account.ownerEmail()).size() >= 2);
        List<SmtpServer.Received> mails = SmtpServer.to(account.ownerEmail());
        assertThat(mails).hasSize(2);
        SmtpServer.Received passedMail = mail(mails, "[Headroom] Anti-spam check passed for Account " + account.id());
        assertThat(passedMail.text()).contains("passed", "Sender domain verified");
        assertThat(passedMail.html()).contains("passed", "Sender domain verified");
        SmtpServer.Received rejectedMail = mail(mails,
                "[Headroom] Anti-spam check rejected for Account " + account.id());
        assertThat(rejectedMail.text()).contains("rejected", "Purchased list <suspected> & bounces");
        assertThat(rejectedMail.html()).contains("rejected", "Purchased list &lt;suspected&gt; &amp; bounces")
                .doesNotContain("<suspected>");
    }

    @Test
    void theSameEventDeliveredTwiceTellsOnce() {
        Feed.Account account = feed.account("UTC", "Twice");
        AntispamDecided decided = Feed.antispam(account, "passed", "Looks fine");
        feed.publish(decided);
        feed.publish(decided);
        // the queue is consumed in order: once the next event is processed, so is the redelivery
        AntispamDecided next = Feed.antispam(account, "rejected", "Changed our mind");
        feed.publish(next);
        Feed.awaitProcessed(decided, next);

        JsonPath inbox = Feed.awaitInbox(account, 2).jsonPath();
        assertThat(inbox.getList("items.title", String.class))
                .containsExactly("Anti-spam check rejected", "Anti-spam check passed");
        assertThat(Feed.count("select count(*) from email_delivery where account_id = ?", account.id()))
                .isEqualTo(2);
        await().atMost(Feed.PATIENCE).until(() -> SmtpServer.to(account.ownerEmail()).size() >= 2);
        assertThat(SmtpServer.to(account.ownerEmail())).extracting(SmtpServer.Received::subject)
                .containsExactlyInAnyOrder("[Headroom] Anti-spam check passed for Account " + account.id(),
                        "[Headroom] Anti-spam check rejected for Account " + account.id());
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterQueueWhileTheNextOneIsProcessed() {
        Feed.Account account = feed.account("UTC", "Poisoned");
        String marker = UUID.randomUUID().toString();
        try (BrokerProbe broker = BrokerProbe.connect()) {
            broker.publish(Topology.ANTISPAM_DECIDED, "this is not JSON " + marker, "text/plain");
            broker.publish(Topology.ANTISPAM_DECIDED, "{\"eventId\":\"" + marker + "\",\"schemaVersion\":99,"
                    + "\"occurredAt\":\"2026-11-21T10:00:00Z\",\"accountId\":\"" + account.id() + "\","
                    + "\"decision\":\"passed\",\"reason\":\"from the future\"}", "application/json");
            AntispamDecided next = Feed.antispam(account, "rejected", "After the poison");
            feed.publish(next);

            JsonPath inbox = Feed.awaitInbox(account, 1).jsonPath();
            assertThat(inbox.getString("items[0].title")).isEqualTo("Anti-spam check rejected");
            assertThat(inbox.getString("items[0].details.reason")).isEqualTo("After the poison");

            List<String> deadLetters = new ArrayList<>();
            await().atMost(Feed.PATIENCE).until(() -> {
                deadLetters.addAll(broker.drain(DEAD_LETTERS));
                return deadLetters.stream().filter(body -> body.contains(marker)).count() == 2;
            });
            assertThat(deadLetters.stream().filter(body -> body.contains(marker)))
                    .anySatisfy(body -> assertThat(body).startsWith("this is not JSON"))
                    .anySatisfy(body -> assertThat(body).contains("\"schemaVersion\":99"));
            // the unreadable ones did nothing
            assertThat(Feed.count("select count(*) from processed_event where event_id = ?", marker)).isZero();
            assertThat(Feed.inbox(account).jsonPath().getList("items")).hasSize(1);
        }
    }

    private static SmtpServer.Received mail(List<SmtpServer.Received> mails, String subject) {
        return mails.stream().filter(mail -> subject.equals(mail.subject())).findFirst()
                .orElseThrow(() -> new AssertionError("no e-mail with the subject " + subject + " among "
                        + mails.stream().map(SmtpServer.Received::subject).toList()));
    }
}
