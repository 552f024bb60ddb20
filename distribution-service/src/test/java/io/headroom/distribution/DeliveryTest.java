package io.headroom.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.RecordingTarget;
import io.headroom.common.testing.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Asynchronous, durable delivery (spec/distribution-service.md §3, "Delivery is asynchronous and
 * durable"): e-mail over real SMTP (GreenMail), SMS as a JSON POST to the HTTP gateway, webhook
 * messages as a JSON POST to the distribution's URL, each message id sent as {@code Idempotency-Key};
 * a failed attempt is tried again after a back-off, until the last attempt (test profile: 4, first
 * back-off 1.5 s); a refusal (4xx) fails at once; an SMTP server that is away delays the e-mail
 * without losing or doubling it. Every message's state ({@code queued}, {@code sent},
 * {@code failed}), attempts and last error are read from {@code GET .../distributions/{id}}.
 */
@QuarkusTest
class DeliveryTest {

    private static final String SUBJECT = "Spring collection";
    private static final String TEXT = "Our spring collection is here.";
    /** headroom.delivery.max-attempts in the test profile. */
    private static final int MAX_ATTEMPTS = 4;

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    /** A test that stopped the SMTP server leaves it running for the next one. */
    @AfterEach
    void restoreAndDisconnect() {
        SmtpServer.up();
        sender.close();
    }

    @Test
    void anEmailDistributionReachesEachRecipientOnceOverSmtp() throws Exception {
        Sender.Account account = checkedAccount();
        List<String> recipients = Sender.emails(3);

        String id = accepted(Sender.send(account, Sender.distribution("email", recipients)), 3);

        await().atMost(Sender.PATIENCE).until(() -> recipients.stream().allMatch(a -> !SmtpServer.to(a).isEmpty()));
        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 3, 0);
        assertThat(settled.getString("channel")).isEqualTo("email");
        assertThat(settled.getList("messages.recipient", String.class)).containsExactlyElementsOf(recipients);
        for (int i = 0; i < recipients.size(); i++) {
            assertSentOnFirstAttempt(settled, i);
            String address = recipients.get(i);
            List<SmtpServer.Received> mails = SmtpServer.to(address);
            assertThat(mails).as("messages GreenMail received for %s", address).hasSize(1);
            SmtpServer.Received mail = mails.get(0);
            assertThat(mail.subject()).isEqualTo(SUBJECT);
            assertThat(mail.text()).as("the plain-text body").isNotNull();
            assertThat(mail.text().strip()).isEqualTo(TEXT);
            assertThat(mail.raw().getHeader("Message-ID", null)).as("the message id, for a repeat to be recognized")
                    .isEqualTo("<" + settled.getString("messages[" + i + "].id") + "@headroom>");
            assertThat(mail.raw().getHeader("X-Headroom-Distribution", null)).isEqualTo(id);
        }
    }

    @Test
    void anSmsDistributionIsOneJsonPostPerPhoneToTheGateway() {
        Sender.Account account = checkedAccount();
        List<String> phones = GatewayHits.phones(2);

        String id = accepted(Sender.send(account, Sender.distribution("sms", phones)), 2);

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 2, 0);
        for (int i = 0; i < phones.size(); i++) {
            assertSentOnFirstAttempt(settled, i);
            String phone = phones.get(i);
            String messageId = settled.getString("messages[" + i + "].id");
            assertThat(settled.getString("messages[" + i + "].recipient")).isEqualTo(phone);
            assertThat(messageId).startsWith("msg_");
            List<RecordingTarget.Hit> hits = GatewayHits.smsTo(phone);
            assertThat(hits).as("gateway requests for %s", phone).hasSize(1);
            RecordingTarget.Hit hit = hits.get(0);
            assertThat(GatewayHits.json(hit).getMap()).as(hit.body())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("to", phone, "body", TEXT, "messageId", messageId));
            assertThat(hit.header("Authorization")).isEqualTo("Bearer test-gateway-key");
            assertThat(hit.header("Idempotency-Key")).isEqualTo(messageId);
            assertThat(hit.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void aWebhookDistributionPostsEachRecipientsMessageToItsUrl() {
        Sender.Account account = checkedAccount();
        String path = GatewayHits.hookPath("plain");

        String id = accepted(Sender.send(account, webhook(path, List.of("cust-1", "cust-2"))), 2);

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 2, 0);
        assertThat(settled.getString("webhookUrl")).isEqualTo(GatewayHits.url(path));
        List<RecordingTarget.Hit> hits = GatewayHits.target().hits(path);
        assertThat(hits).as("POSTs to %s", path).hasSize(2);
        Map<String, RecordingTarget.Hit> byRecipient = new HashMap<>();
        hits.forEach(hit -> byRecipient.put(GatewayHits.json(hit).getString("recipient"), hit));
        assertThat(byRecipient).containsOnlyKeys("cust-1", "cust-2");
        for (int i = 0; i < 2; i++) {
            assertSentOnFirstAttempt(settled, i);
            String recipient = settled.getString("messages[" + i + "].recipient");
            String messageId = settled.getString("messages[" + i + "].id");
            RecordingTarget.Hit hit = byRecipient.get(recipient);
            JsonObject payload = GatewayHits.json(hit);
            assertThat(payload.getMap()).as(hit.body()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "distributionId", id, "messageId", messageId, "recipient", recipient, "subject", SUBJECT,
                    "body", TEXT));
            assertThat(hit.header("Idempotency-Key")).isEqualTo(messageId);
            assertThat(hit.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheMessageOnTheThirdAttemptAfterBackOffs() {
        Sender.Account account = checkedAccount();
        String path = GatewayHits.hookPath("flaky");
        GatewayHits.target().answer(path, n -> n <= 2 ? 503 : 200);

        String id = accepted(Sender.send(account, webhook(path, List.of("cust-1"))), 1);

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 1, 0);
        String messageId = settled.getString("messages[0].id");
        assertThat(settled.getString("messages[0].state")).isEqualTo("sent");
        assertThat(settled.getInt("messages[0].attempts")).isEqualTo(3);
        assertThat(settled.getString("messages[0].sentAt")).isNotNull();
        assertThat(settled.getString("messages[0].lastError")).as("cleared once sent").isNull();

        List<RecordingTarget.Hit> hits = GatewayHits.target().hits(path);
        assertThat(hits).as("POSTs to %s", path).hasSize(3);
        assertThat(hits).extracting(hit -> hit.header("Idempotency-Key")).as("the same message id each time")
                .containsOnly(messageId);
        // test profile: first back-off 1.5 s, then 3 s, each less up to 20 % at random; without a
        // back-off the next 1 s poll would try again after about 1 s
        Duration firstWait = Duration.between(hits.get(0).at(), hits.get(1).at());
        Duration secondWait = Duration.between(hits.get(1).at(), hits.get(2).at());
        assertThat(firstWait).as("wait after the first failure").isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        assertThat(secondWait).as("wait after the second failure").isGreaterThanOrEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void aReceiverThatRefusesTheMessageFailsItAfterOneAttempt() {
        Sender.Account account = checkedAccount();
        String path = GatewayHits.hookPath("refusing");
        GatewayHits.target().answer(path, n -> 400);

        String id = accepted(Sender.send(account, webhook(path, List.of("cust-1"))), 1);

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 0, 1);
        assertThat(settled.getString("messages[0].state")).isEqualTo("failed");
        assertThat(settled.getInt("messages[0].attempts")).as("a 4xx is not tried again").isEqualTo(1);
        assertThat(settled.getString("messages[0].sentAt")).isNull();
        assertThat(settled.getString("messages[0].lastError")).contains("400")
                .doesNotContain("Exception", "at io.", "java.");
        assertThat(GatewayHits.target().hits(path)).as("POSTs to %s", path).hasSize(1);
    }

    @Test
    void aReceiverThatAlwaysFailsFailsTheMessageAfterTheLastAttempt() {
        Sender.Account account = checkedAccount();
        String path = GatewayHits.hookPath("broken");
        GatewayHits.target().answer(path, n -> 500);

        String id = accepted(Sender.send(account, webhook(path, List.of("cust-1"))), 1);

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 0, 1);
        assertThat(settled.getString("messages[0].state")).isEqualTo("failed");
        assertThat(settled.getInt("messages[0].attempts")).isEqualTo(MAX_ATTEMPTS);
        assertThat(settled.getString("messages[0].lastError")).contains("500")
                .doesNotContain("Exception", "at io.", "java.");
        assertThat(GatewayHits.target().hits(path)).as("POSTs to %s", path).hasSize(MAX_ATTEMPTS);
    }

    @Test
    void anEmailWaitsWhileTheSmtpServerIsAwayAndIsSentOnceWhenItReturns() throws Exception {
        Sender.Account account = checkedAccount();
        List<String> recipients = Sender.emails(2);
        String id;
        SmtpServer.down();
        try {
            id = accepted(Sender.send(account, Sender.distribution("email", recipients)), 2);

            // both tried at least once and waiting, with the reason; then the server returns at once,
            // well before the last of the 4 attempts
            await().atMost(Sender.PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
                JsonPath now = Sender.distributionOf(account, id).jsonPath();
                return now.getInt("states.queued") == 2 && now.getList("messages.attempts", Integer.class).stream()
                        .allMatch(attempts -> attempts >= 1)
                        && now.getList("messages.lastError", String.class).stream().allMatch(e -> e != null);
            });
            JsonPath waiting = Sender.distributionOf(account, id).jsonPath();
            assertStates(waiting, 2, 0, 0);
            for (int i = 0; i < recipients.size(); i++) {
                assertThat(waiting.getString("messages[" + i + "].state")).isEqualTo("queued");
                assertThat(waiting.getInt("messages[" + i + "].attempts")).isGreaterThanOrEqualTo(1);
                assertThat(waiting.getString("messages[" + i + "].lastError")).isNotBlank()
                        .doesNotContain("Exception", "at io.", "java.");
                assertThat(waiting.getString("messages[" + i + "].sentAt")).isNull();
            }
            for (String address : recipients) {
                assertThat(SmtpServer.to(address)).as("received for %s while the server was away", address).isEmpty();
            }
        } finally {
            SmtpServer.up();
        }

        JsonPath settled = Sender.awaitSettled(account, id).jsonPath();
        assertStates(settled, 0, 2, 0);
        for (int i = 0; i < recipients.size(); i++) {
            assertThat(settled.getString("messages[" + i + "].state")).isEqualTo("sent");
            assertThat(settled.getInt("messages[" + i + "].attempts")).isBetween(2, MAX_ATTEMPTS);
            assertThat(settled.getString("messages[" + i + "].sentAt")).isNotNull();
            assertThat(settled.getString("messages[" + i + "].lastError")).isNull();
        }
        await().atMost(Sender.PATIENCE).until(() -> recipients.stream().allMatch(a -> !SmtpServer.to(a).isEmpty()));
        for (String address : recipients) {
            List<SmtpServer.Received> mails = SmtpServer.to(address);
            assertThat(mails).as("messages GreenMail received for %s", address).hasSize(1);
            assertThat(mails.get(0).subject()).isEqualTo(SUBJECT);
        }
    }

    /** An account on the current pricing whose anti-spam check passed: e-mail allowed, no limit. */
    private Sender.Account checkedAccount() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.passAntispam(account);
        return account;
    }

    private static Map<String, Object> webhook(String path, List<String> recipients) {
        Map<String, Object> body = Sender.distribution("webhook", recipients);
        body.put("subject", SUBJECT);
        body.put("webhookUrl", GatewayHits.url(path));
        return body;
    }

    /** Asserts the 202 {@code {id, messages, status: queued}} and returns the id. */
    private static String accepted(Response response, int messages) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        JsonPath body = response.jsonPath();
        assertThat(body.getInt("messages")).isEqualTo(messages);
        assertThat(body.getString("status")).isEqualTo("queued");
        assertThat(body.getString("id")).isNotBlank();
        return body.getString("id");
    }

    private static void assertStates(JsonPath distribution, int queued, int sent, int failed) {
        assertThat(List.of(distribution.getInt("states.queued"), distribution.getInt("states.sent"),
                distribution.getInt("states.failed"))).as("states {queued, sent, failed} of %s", distribution.prettify())
                .containsExactly(queued, sent, failed);
    }

    private static void assertSentOnFirstAttempt(JsonPath distribution, int i) {
        String message = "messages[" + i + "]";
        assertThat(distribution.getString(message + ".state")).as(message).isEqualTo("sent");
        assertThat(distribution.getInt(message + ".attempts")).as(message).isEqualTo(1);
        assertThat(distribution.getString(message + ".sentAt")).as(message).isNotNull();
        assertThat(distribution.getString(message + ".lastError")).as(message).isNull();
    }
}
