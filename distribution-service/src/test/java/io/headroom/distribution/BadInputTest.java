package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What distribution-service refuses (spec: distribution-service §1 and §3, conventions "Errors"
 * and "Idempotency"): every malformed distribution or anti-spam request is a 400 {@code validation}
 * problem naming the field, never a 500 nor a leak of internals, and changes nothing; the e-mail
 * channel without a passed anti-spam check is a 403 {@code forbidden} naming the check.
 */
@QuarkusTest
class BadInputTest {

    private Sender sender;
    private Sender.Account account;

    @BeforeEach
    void anAccountOnTheCurrentPricing() {
        sender = new Sender();
        account = sender.account(Sender.Setup.current());
    }

    @AfterEach
    void disconnect() {
        sender.close();
    }

    // --- distributions --------------------------------------------------------------------------

    @Test
    void malformedJson() throws SQLException {
        Response response = Sender.as(account.ownerToken()).contentType(ContentType.JSON)
                .body("{\"channel\": \"sms\", \"recipients\": [\"+4915100000001\"")
                .post(distributionsPath());

        assertProblem(response, 400, "validation");
        assertThat(response.jsonPath().getList("errors")).as("a validation problem carries errors").isNotNull();
        assertNothingCounted();
    }

    @Test
    void missingChannel() throws SQLException {
        Map<String, Object> body = sms(1);
        body.remove("channel");

        assertRefused(body, "channel");
    }

    @Test
    void unknownChannel() throws SQLException {
        Map<String, Object> body = sms(1);
        body.put("channel", "fax");

        assertRefused(body, "channel");
    }

    @Test
    void noRecipients() throws SQLException {
        assertRefused(Sender.distribution("sms", List.of()), "recipients");
    }

    @Test
    void moreThanAThousandRecipients() throws SQLException {
        assertRefused(sms(1_001), "recipients");
    }

    @Test
    void anInvalidEmailAddressIsNamedByItsIndex() throws SQLException {
        List<String> recipients = new ArrayList<>(Sender.emails(2));
        recipients.add("not-an-address@");
        recipients.add("customer9@example.com");

        Response response = send(Sender.distribution("email", recipients), null);

        assertInvalid(response, "recipients[2]");
        assertThat(fields(response)).doesNotContain("recipients[0]", "recipients[1]", "recipients[3]");
        assertNothingCounted();
    }

    @Test
    void aRepeatedRecipient() throws SQLException {
        List<String> recipients = new ArrayList<>(Sender.phones(2));
        recipients.add(recipients.get(0));

        assertRefused(Sender.distribution("sms", recipients), "recipients[2]");
    }

    @Test
    void anSmsRecipientNotInE164Form() throws SQLException {
        assertRefused(Sender.distribution("sms", List.of("0151 123")), "recipients[0]");
    }

    @Test
    void missingBody() throws SQLException {
        Map<String, Object> body = sms(1);
        body.remove("body");

        assertRefused(body, "body");
    }

    @Test
    void aBodyOverAThousandCharacters() throws SQLException {
        Map<String, Object> body = sms(1);
        body.put("body", "x".repeat(1_001));

        assertRefused(body, "body");
    }

    @Test
    void anEmailWithoutSubject() throws SQLException {
        Sender.passAntispam(account);
        Map<String, Object> body = Sender.distribution("email", Sender.emails(1));
        body.remove("subject");

        assertRefused(body, "subject");
    }

    @Test
    void aWebhookWithoutUrl() throws SQLException {
        assertRefused(Sender.distribution("webhook", List.of("customer-1")), "webhookUrl");
    }

    @Test
    void aWebhookUrlThatIsNotHttp() throws SQLException {
        Map<String, Object> body = Sender.distribution("webhook", List.of("customer-1"));
        body.put("webhookUrl", "ftp://x");

        assertRefused(body, "webhookUrl");
    }

    @Test
    void aWebhookUrlForTheSmsChannel() throws SQLException {
        Map<String, Object> body = sms(1);
        body.put("webhookUrl", "https://hooks.example.com/distributions");

        assertRefused(body, "webhookUrl");
    }

    @Test
    void aNullRecipientIsNamedByItsIndex() throws SQLException {
        List<String> recipients = new ArrayList<>(Sender.phones(2));
        recipients.add(1, null);

        assertRefused(Sender.distribution("sms", recipients), "recipients[1]");
    }

    @Test
    void recipientsThatAreNotAList() throws SQLException {
        Map<String, Object> body = sms(1);
        body.put("recipients", Map.of("to", "+4915100000001"));

        Response response = send(body, null);

        assertThat(response.statusCode()).as(response.asString()).isNotEqualTo(500);
        assertProblem(response, 400, "validation");
        assertNothingCounted();
    }

    @Test
    void aSubjectOverAThousandCharacters() throws SQLException {
        Map<String, Object> body = Sender.distribution("webhook", List.of("customer-1"));
        body.put("webhookUrl", "https://hooks.example.com/in");
        body.put("subject", "s".repeat(1_001));

        assertRefused(body, "subject");
    }

    @Test
    void aNulCharacterInTheBodyIsRefusedAndCountsNothing() throws SQLException {
        Map<String, Object> body = sms(1);
        body.put("body", "before\u0000after");

        Response response = send(body, null);

        assertThat(response.statusCode()).as(response.asString()).isNotEqualTo(500);
        assertProblem(response, 400, "validation");
        assertNothingCounted();
    }

    @Test
    void anIdempotencyKeyOver255Characters() throws SQLException {
        Response response = send(sms(1), "k".repeat(256));

        assertInvalid(response, "Idempotency-Key");
        assertNothingCounted();
    }

    // --- the e-mail channel without a passed check ----------------------------------------------

    @Test
    void emailWithoutAPassedCheckIsForbiddenAndCountsNothing() throws SQLException {
        Response notRequested = send(Sender.distribution("email", Sender.emails(2)), null);

        assertProblem(notRequested, 403, "forbidden");
        assertThat(notRequested.jsonPath().getString("detail")).contains("anti-spam");
        assertThat(notRequested.jsonPath().getString("antiSpamCheck")).isEqualTo("not_requested");
        assertNothingCounted();

        Sender.requestAntispam(account).then().statusCode(202);
        Response pending = send(Sender.distribution("email", Sender.emails(2)), null);

        assertProblem(pending, 403, "forbidden");
        assertThat(pending.jsonPath().getString("detail")).contains("anti-spam");
        assertThat(pending.jsonPath().getString("antiSpamCheck")).isEqualTo("pending");
        assertNothingCounted();

        Sender.decide(account, "rejected", "Unknown sender").then().statusCode(200);
        Response rejected = send(Sender.distribution("email", Sender.emails(2)), null);

        assertProblem(rejected, 403, "forbidden");
        assertThat(rejected.jsonPath().getString("antiSpamCheck")).isEqualTo("rejected");
        assertNothingCounted();
    }

    // --- anti-spam requests and decisions -------------------------------------------------------

    @Test
    void anAntispamRequestWithoutUseCase() {
        Map<String, Object> body = antispamRequest();
        body.remove("useCase");

        assertAntispamRequestRefused(body, "useCase");
    }

    @Test
    void anAntispamRequestWithASenderDomainThatIsNoDomain() {
        Map<String, Object> body = antispamRequest();
        body.put("senderDomain", "not a domain");

        assertAntispamRequestRefused(body, "senderDomain");
    }

    @Test
    void anAntispamRequestWithAJavascriptWebsite() {
        Map<String, Object> body = antispamRequest();
        body.put("companyWebsite", "javascript:alert(1)");

        assertAntispamRequestRefused(body, "companyWebsite");
    }

    @Test
    void anAntispamRequestWithAUseCaseOverAThousandCharacters() {
        Map<String, Object> body = antispamRequest();
        body.put("useCase", "u".repeat(1_001));

        assertAntispamRequestRefused(body, "useCase");
    }

    @Test
    void anAntispamRequestNamesEveryFieldInError() {
        Map<String, Object> body = new HashMap<>();
        body.put("companyWebsite", "javascript:alert(1)");
        body.put("senderDomain", "not a domain");

        Response response = antispam(body);

        assertInvalid(response, "companyWebsite");
        assertThat(fields(response)).contains("senderDomain", "useCase");
        assertThat(checkState()).isEqualTo("not_requested");
    }

    @Test
    void aDecisionThatIsNeitherPassedNorRejected() {
        Sender.requestAntispam(account).then().statusCode(202);

        Response response = Sender.decide(account, "maybe", null);

        assertInvalid(response, "decision");
        assertThat(checkState()).isEqualTo("pending");
        assertThat(Sender.limits(account).jsonPath().getString("antiSpamCheck")).isEqualTo("pending");
    }

    // --- helpers --------------------------------------------------------------------------------

    private String distributionsPath() {
        return "/v1/projects/" + account.project() + "/distributions";
    }

    private static Map<String, Object> sms(int recipients) {
        return Sender.distribution("sms", Sender.phones(recipients));
    }

    private Response send(Map<String, Object> body, String idempotencyKey) {
        return Sender.send(account.ownerToken(), account.project(), body, idempotencyKey);
    }

    /** POSTs {@code body} as a distribution: 400 naming {@code field}, and nothing counted or stored. */
    private void assertRefused(Map<String, Object> body, String field) throws SQLException {
        Response response = send(body, null);

        assertInvalid(response, field);
        assertNothingCounted();
    }

    private static void assertInvalid(Response response, String field) {
        assertThat(response.statusCode()).as(response.asString()).isNotEqualTo(500);
        assertProblem(response, 400, "validation");
        assertThat(fields(response)).as(response.asString()).contains(field);
    }

    private static List<String> fields(Response response) {
        return response.jsonPath().getList("errors.field", String.class);
    }

    private void assertNothingCounted() throws SQLException {
        Response limits = Sender.limits(account);
        assertThat(limits.statusCode()).as(limits.asString()).isEqualTo(200);
        assertThat(limits.jsonPath().getLong("usage.today")).isZero();
        assertThat(limits.jsonPath().getLong("usage.thisMonth")).isZero();
        assertThat(Sender.count("select count(*) from distribution where account_id = ?", account.id())).isZero();
    }

    private static Map<String, Object> antispamRequest() {
        Map<String, Object> body = new HashMap<>();
        body.put("companyWebsite", "https://shop.example.com");
        body.put("senderDomain", "news.example.com");
        body.put("useCase", "Monthly newsletter to customers who opted in");
        return body;
    }

    private Response antispam(Map<String, Object> body) {
        return Sender.as(account.ownerToken()).contentType(ContentType.JSON).body(body)
                .post("/v1/accounts/" + account.id() + "/anti-spam-check");
    }

    /** Requests the check with {@code body}: 400 naming {@code field}, and the check still not requested. */
    private void assertAntispamRequestRefused(Map<String, Object> body, String field) {
        Response response = antispam(body);

        assertInvalid(response, field);
        assertThat(checkState()).isEqualTo("not_requested");
    }

    private String checkState() {
        Response check = Sender.as(account.ownerToken()).get("/v1/accounts/" + account.id() + "/anti-spam-check");
        assertThat(check.statusCode()).as(check.asString()).isEqualTo(200);
        return check.jsonPath().getString("state");
    }
}
