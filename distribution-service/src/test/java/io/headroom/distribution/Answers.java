package io.headroom.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.headroom.common.testing.Problems;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What the limit tests expect of the service's answers (spec/distribution-service.md §2, §3 and the
 * rate-limit headers of spec/conventions.md): a 202 with its queued messages, a 429
 * {@code distribution_messages} refusal naming the refusing window's limit, the limits endpoint.
 */
final class Answers {

    static final String TYPE = "distribution_messages";

    private Answers() {
    }

    /** The owner sends an sms distribution to {@code recipients} distinct phone numbers. */
    static Response sms(Sender.Account account, int recipients) {
        return Sender.send(account, Sender.distribution("sms", Sender.phones(recipients)));
    }

    /** The owner sends an e-mail distribution to {@code recipients} distinct addresses. */
    static Response email(Sender.Account account, int recipients) {
        return Sender.send(account, Sender.distribution("email", Sender.emails(recipients)));
    }

    /** Asserts a 202 queuing {@code messages} messages; returns the response for its headers. */
    static Response accepted(Response response, int messages) {
        assertThat(response.statusCode()).as("status of %s", response.asString()).isEqualTo(202);
        assertThat(response.jsonPath().getString("id")).isNotBlank();
        assertThat(response.jsonPath().getInt("messages")).isEqualTo(messages);
        assertThat(response.jsonPath().getString("status")).isEqualTo("queued");
        assertThat(response.header("Retry-After")).as("Retry-After is for 429 only").isNull();
        assertThat(response.header("X-Rate-Limit-Type")).as("X-Rate-Limit-Type is for 429 only").isNull();
        return response;
    }

    /** Asserts a 429 {@code rate-limited} refusal of type {@code distribution_messages} by the window of {@code limit}. */
    static Response refused(Response response, long limit) {
        Problems.assertProblem(response, 429, "rate-limited");
        assertThat(response.header("X-Rate-Limit-Type")).isEqualTo(TYPE);
        assertThat(response.header("X-Rate-Limit-Limit")).isEqualTo(Long.toString(limit));
        assertThat(headerValue(response, "Retry-After")).isGreaterThanOrEqualTo(1);
        assertThat(response.jsonPath().getString("limitType")).isEqualTo(TYPE);
        assertThat(response.jsonPath().getLong("limit")).isEqualTo(limit);
        return response;
    }

    /** Asserts the binding window the headers of an answer describe: its limit and what remains. */
    static void window(Response response, long limit, long remaining) {
        assertThat(response.header("X-Rate-Limit-Limit")).as("X-Rate-Limit-Limit").isEqualTo(Long.toString(limit));
        assertThat(response.header("X-Rate-Limit-Remaining")).as("X-Rate-Limit-Remaining")
                .isEqualTo(Long.toString(remaining));
        assertThat(response.header("RateLimit-Policy")).as("RateLimit-Policy")
                .startsWith("\"" + TYPE + "\";q=" + limit + ";");
    }

    /** A numeric header, which must be present. */
    static long headerValue(Response response, String name) {
        String value = response.header(name);
        assertThat(value).as("header %s", name).isNotNull();
        return Long.parseLong(value);
    }

    /** {@code GET /v1/accounts/{id}/distribution-limits} as the owner, asserted 200. */
    static JsonPath limits(Sender.Account account) {
        Response response = Sender.limits(account);
        assertThat(response.statusCode()).as("status of %s", response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    /** Asserts the check, the account type and the limits (0 = unlimited) the limits endpoint shows. */
    static void assertLimits(JsonPath limits, String antiSpamCheck, String accountType, long perDay, long perMonth,
            boolean emailAllowed) {
        assertThat(limits.getString("antiSpamCheck")).isEqualTo(antiSpamCheck);
        assertThat(limits.getString("accountType")).isEqualTo(accountType);
        assertThat(limits.getLong("limits.perDay")).as("limits.perDay").isEqualTo(perDay);
        assertThat(limits.getLong("limits.perMonth")).as("limits.perMonth").isEqualTo(perMonth);
        assertThat(limits.getBoolean("limits.emailAllowed")).as("limits.emailAllowed").isEqualTo(emailAllowed);
    }

    /** Asserts the messages counted today and this month, as the limits endpoint shows them. */
    static void assertUsage(Sender.Account account, long today, long thisMonth) {
        JsonPath limits = limits(account);
        assertThat(limits.getLong("usage.today")).as("usage.today").isEqualTo(today);
        assertThat(limits.getLong("usage.thisMonth")).as("usage.thisMonth").isEqualTo(thisMonth);
    }

    /** An instant field of the limits answer ({@code resetsAt.day}, say). */
    static Instant instant(JsonPath limits, String path) {
        String value = limits.getString(path);
        assertThat(value).as(path).isNotNull();
        return Instant.parse(value);
    }

    /** The distributions stored for the account. */
    static long distributions(Sender.Account account) throws java.sql.SQLException {
        return Sender.count("select count(*) from distribution where account_id = ?", account.id());
    }

    /** The messages stored for the account's distributions. */
    static long messages(Sender.Account account) throws java.sql.SQLException {
        return Sender.count("select count(*) from message m join distribution d on d.id = m.distribution_id"
                + " where d.account_id = ?", account.id());
    }
}
