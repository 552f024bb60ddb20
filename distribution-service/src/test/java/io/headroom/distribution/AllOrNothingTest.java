package io.headroom.distribution;

import static io.headroom.distribution.Answers.accepted;
import static io.headroom.distribution.Answers.assertUsage;
import static io.headroom.distribution.Answers.headerValue;
import static io.headroom.distribution.Answers.instant;
import static io.headroom.distribution.Answers.limits;
import static io.headroom.distribution.Answers.refused;
import static io.headroom.distribution.Answers.sms;
import static io.headroom.distribution.Answers.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.headroom.distribution.Sender.Account;
import io.headroom.distribution.Sender.Setup;
import io.headroom.distribution.limit.CalendarPeriods;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * All or nothing (spec/distribution-service.md §3): a distribution whose recipients do not all fit
 * in both the day's and the month's remaining allowance is refused whole with 429
 * {@code distribution_messages} and counts nothing; a 202 carries the rate-limit headers
 * (spec/conventions.md) of the binding period, the one with fewer messages left.
 */
@QuarkusTest
class AllOrNothingTest {

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    @AfterEach
    void disconnect() {
        sender.close();
    }

    @Test
    void withSevenOfTenUsedTodayFourRecipientsAreRefusedWholeAndThreeFit() throws Exception {
        Account account = passedTrial();
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));
        Sender.used(account, "day", periods.day().start(), 7);
        Sender.used(account, "month", periods.month().start(), 7);
        JsonPath before = limits(account);
        assertThat(before.getLong("usage.today")).isEqualTo(7);
        long dayResets = instant(before, "resetsAt.day").getEpochSecond();

        Response four = sms(account, 4);
        Problems.assertProblem(four, 429, "rate-limited");
        refused(four, 10);
        assertThat(four.header("X-Rate-Limit-Type")).isEqualTo("distribution_messages");
        assertThat(four.header("X-Rate-Limit-Limit")).isEqualTo("10");
        assertThat(four.header("X-Rate-Limit-Remaining")).isEqualTo("3");
        assertThat(headerValue(four, "Retry-After")).isBetween(1L, 86_400L);
        assertThat(headerValue(four, "X-Rate-Limit-Retry")).isEqualTo(dayResets);
        assertUsage(account, 7, 7);
        assertThat(Answers.distributions(account)).as("no distribution stored").isZero();
        assertThat(Answers.messages(account)).as("no message queued").isZero();

        Response three = accepted(sms(account, 3), 3);
        window(three, 10, 0);
        assertThat(headerValue(three, "X-Rate-Limit-Retry")).as("nothing left: retry when the day resets")
                .isEqualTo(dayResets);
        assertUsage(account, 10, 10);
        assertThat(Answers.distributions(account)).isEqualTo(1);
        assertThat(Answers.messages(account)).isEqualTo(3);
    }

    @Test
    void withNinetySevenOfOneHundredUsedThisMonthFourRecipientsAreRefusedWholeForTheMonth() throws Exception {
        Account account = passedTrial();
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));
        Sender.used(account, "month", periods.month().start(), 97);
        long monthResets = instant(limits(account), "resetsAt.month").getEpochSecond();

        Response four = refused(sms(account, 4), 100);
        assertThat(four.header("X-Rate-Limit-Remaining")).isEqualTo("3");
        assertThat(headerValue(four, "X-Rate-Limit-Retry")).isEqualTo(monthResets);
        assertUsage(account, 0, 97);
        assertThat(Answers.distributions(account)).isZero();

        window(accepted(sms(account, 3), 3), 100, 0);
        assertUsage(account, 3, 100);
    }

    @Test
    void theDayBindsWhenItHasFewerLeft() {
        Account account = passedTrial();

        Instant before = Instant.now();
        Response three = accepted(sms(account, 3), 3);
        Instant after = Instant.now();

        window(three, 10, 7);
        assertThat(headerValue(three, "X-Rate-Limit-Retry")).as("some left: the next request can be made now")
                .isBetween(before.getEpochSecond(), after.getEpochSecond());
    }

    @Test
    void theMonthBindsWhenItHasFewerLeftWith95Of100UsedThisMonth() throws Exception {
        Account account = passedTrial();
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));
        Sender.used(account, "month", periods.month().start(), 95);
        JsonPath limits = limits(account);
        long monthResets = instant(limits, "resetsAt.month").getEpochSecond();

        // 95 + 1: the day has 9 left, the month 4
        window(accepted(sms(account, 1), 1), 100, 4);
        // 96 + 2 = 98, then 98 + 2 = 100: the day has 5 left, the month none
        window(accepted(sms(account, 2), 2), 100, 2);
        Response last = accepted(sms(account, 2), 2);
        window(last, 100, 0);
        assertThat(headerValue(last, "X-Rate-Limit-Retry")).isEqualTo(monthResets);

        Response refusal = refused(sms(account, 1), 100);
        assertThat(refusal.header("X-Rate-Limit-Remaining")).isEqualTo("0");
        assertThat(headerValue(refusal, "X-Rate-Limit-Retry")).isEqualTo(monthResets);
        assertUsage(account, 5, 100);
    }

    @Test
    void anUnlimitedAccountsAcceptanceCarriesNoDistributionWindow() {
        Account account = sender.account(Setup.current());
        Sender.passAntispam(account);

        Response response = accepted(sms(account, 5), 5);

        assertThat(response.header("X-Rate-Limit-Type")).isNull();
        assertThat(String.valueOf(response.header("RateLimit-Policy"))).doesNotContain("distribution_messages");
        assertThat(String.valueOf(response.header("RateLimit"))).doesNotContain("distribution_messages");
        assertUsage(account, 5, 5);
    }

    private Account passedTrial() {
        Account account = sender.account(Setup.trial());
        Sender.passAntispam(account);
        return account;
    }
}
