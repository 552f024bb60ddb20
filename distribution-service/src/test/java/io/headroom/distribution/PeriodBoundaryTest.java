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
import java.time.LocalDate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.distribution.Sender.Account;
import io.headroom.distribution.Sender.Setup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * "Day and month are calendar periods in the account's timezone (UTC by default)"
 * (spec/distribution-service.md §2): the day's allowance comes back at local midnight, the month's
 * only on the first of the next month; {@code resetsAt} names those instants. The service's clock
 * is {@link TestClock}, set before each request.
 */
@QuarkusTest
class PeriodBoundaryTest {

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    @AfterEach
    void disconnect() {
        TestClock.reset();
        sender.close();
    }

    @Test
    void inUtcTheDaysTenComeBackAtMidnightWhileTheMonthCarriesOn() {
        Account account = passedTrial(Setup.trial());

        at("2026-03-15T23:59:00Z");
        accepted(sms(account, 10), 10);
        Response refusal = refused(sms(account, 1), 10);
        assertThat(headerValue(refusal, "X-Rate-Limit-Retry")).isEqualTo(epoch("2026-03-16T00:00:00Z"));
        assertThat(headerValue(refusal, "Retry-After")).as("a minute before midnight").isEqualTo(60);
        JsonPath before = limits(account);
        assertThat(instant(before, "resetsAt.day")).isEqualTo("2026-03-16T00:00:00Z");
        assertThat(instant(before, "resetsAt.month")).isEqualTo("2026-04-01T00:00:00Z");
        assertUsage(account, 10, 10);

        at("2026-03-16T00:00:00Z");
        JsonPath after = limits(account);
        assertThat(after.getLong("usage.today")).isZero();
        assertThat(after.getLong("usage.thisMonth")).isEqualTo(10);
        assertThat(instant(after, "resetsAt.day")).isEqualTo("2026-03-17T00:00:00Z");
        window(accepted(sms(account, 10), 10), 10, 0);
        refused(sms(account, 1), 10);
        assertUsage(account, 10, 20);
    }

    @Test
    void aMonthSpentOnTheFourteenthStillRefusesTheNextDaysAndComesBackOnTheFirst() {
        Account account = passedTrial(Setup.trial());
        for (LocalDate day = LocalDate.parse("2026-03-05"); day.isBefore(LocalDate.parse("2026-03-15"));
                day = day.plusDays(1)) {
            at(day + "T12:00:00Z");
            accepted(sms(account, 10), 10);
        }
        assertUsage(account, 10, 100);

        at("2026-03-15T00:00:00Z");
        assertUsage(account, 0, 100);
        Response nextDay = refused(sms(account, 1), 100);
        assertThat(headerValue(nextDay, "X-Rate-Limit-Retry")).isEqualTo(epoch("2026-04-01T00:00:00Z"));
        assertThat(headerValue(nextDay, "Retry-After")).as("17 days").isEqualTo(17 * 86_400);

        at("2026-03-31T23:59:59Z");
        Response lastSecond = refused(sms(account, 1), 100);
        assertThat(headerValue(lastSecond, "Retry-After")).isEqualTo(1);

        at("2026-04-01T00:00:00Z");
        JsonPath april = limits(account);
        assertThat(april.getLong("usage.today")).isZero();
        assertThat(april.getLong("usage.thisMonth")).isZero();
        assertThat(instant(april, "resetsAt.day")).isEqualTo("2026-04-02T00:00:00Z");
        assertThat(instant(april, "resetsAt.month")).isEqualTo("2026-05-01T00:00:00Z");
        window(accepted(sms(account, 10), 10), 10, 0);
        assertUsage(account, 10, 10);
    }

    @Test
    void inNewYorkTheDayEndsAtLocalMidnightNotAtUtcMidnight() {
        Account account = passedTrial(Setup.trial().inZone("America/New_York"));

        at("2026-03-15T23:59:00Z"); // 19:59 on the 15th in New York (UTC-4 since 8 March)
        window(accepted(sms(account, 5), 5), 10, 5);
        at("2026-03-16T00:00:00Z"); // UTC midnight, 20:00 on the 15th in New York: the same day
        window(accepted(sms(account, 5), 5), 10, 0);

        at("2026-03-16T03:59:00Z"); // 23:59 on the 15th in New York
        JsonPath before = limits(account);
        assertThat(before.getString("timezone")).isEqualTo("America/New_York");
        assertThat(before.getLong("usage.today")).isEqualTo(10);
        assertThat(instant(before, "resetsAt.day")).isEqualTo("2026-03-16T04:00:00Z");
        assertThat(instant(before, "resetsAt.month")).isEqualTo("2026-04-01T04:00:00Z");
        Response refusal = refused(sms(account, 1), 10);
        assertThat(headerValue(refusal, "X-Rate-Limit-Retry")).isEqualTo(epoch("2026-03-16T04:00:00Z"));
        assertThat(headerValue(refusal, "Retry-After")).isEqualTo(60);

        at("2026-03-16T04:00:00Z"); // local midnight of the 16th
        JsonPath after = limits(account);
        assertThat(after.getLong("usage.today")).isZero();
        assertThat(after.getLong("usage.thisMonth")).isEqualTo(10);
        assertThat(instant(after, "resetsAt.day")).isEqualTo("2026-03-17T04:00:00Z");
        window(accepted(sms(account, 10), 10), 10, 0);
        refused(sms(account, 1), 10);
        assertUsage(account, 10, 20);
    }

    @Test
    void inNewYorkTheDayOfTheSpringDaylightSavingChangeLasts23Hours() {
        Account account = passedTrial(Setup.trial().inZone("America/New_York"));

        at("2026-03-08T12:00:00Z"); // 08:00 EDT; the day began at 05:00Z (EST) and ends at 04:00Z (EDT)
        Response response = accepted(sms(account, 1), 1);
        window(response, 10, 9);
        assertThat(response.header("RateLimit-Policy")).isEqualTo("\"distribution_messages\";q=10;w=82800");
        assertThat(instant(limits(account), "resetsAt.day")).isEqualTo("2026-03-09T04:00:00Z");
    }

    @Test
    void inTokyoTheMonthEndsAtLocalMidnightOfTheFirst() throws Exception {
        Account account = passedTrial(Setup.trial().inZone("Asia/Tokyo"));
        Sender.used(account, "month", Instant.parse("2026-02-28T15:00:00Z"), 100); // 1 March 00:00 JST

        at("2026-03-31T14:59:00Z"); // 23:59 on 31 March in Tokyo
        JsonPath before = limits(account);
        assertThat(before.getLong("usage.thisMonth")).isEqualTo(100);
        assertThat(instant(before, "resetsAt.day")).isEqualTo("2026-03-31T15:00:00Z");
        assertThat(instant(before, "resetsAt.month")).isEqualTo("2026-03-31T15:00:00Z");
        Response refusal = refused(sms(account, 1), 100);
        assertThat(headerValue(refusal, "Retry-After")).isEqualTo(60);

        at("2026-03-31T15:00:00Z"); // 1 April 00:00 in Tokyo
        JsonPath after = limits(account);
        assertThat(after.getLong("usage.today")).isZero();
        assertThat(after.getLong("usage.thisMonth")).isZero();
        assertThat(instant(after, "resetsAt.day")).isEqualTo("2026-04-01T15:00:00Z");
        assertThat(instant(after, "resetsAt.month")).isEqualTo("2026-04-30T15:00:00Z");
        window(accepted(sms(account, 10), 10), 10, 0);
        assertUsage(account, 10, 10);
    }

    @Test
    void aNewTimezoneCarriesTheDaysAndTheMonthsCountsOver() {
        Account account = passedTrial(Setup.trial());

        at("2026-03-15T20:00:00Z"); // the 15th in UTC; already the 16th in Auckland (UTC+13)
        accepted(sms(account, 10), 10);
        assertUsage(account, 10, 10);

        sender.change(account, Setup.trial().inZone("Pacific/Auckland"), 2);
        JsonPath moved = limits(account);
        assertThat(moved.getString("timezone")).isEqualTo("Pacific/Auckland");
        assertThat(instant(moved, "resetsAt.day")).isEqualTo("2026-03-16T11:00:00Z");
        assertThat(moved.getLong("usage.today")).as("spent today, whatever the zone").isEqualTo(10);
        assertThat(moved.getLong("usage.thisMonth")).isEqualTo(10);
        refused(sms(account, 1), 10);

        at("2026-03-16T11:00:00Z"); // midnight of the 17th in Auckland
        window(accepted(sms(account, 10), 10), 10, 0);
        assertUsage(account, 10, 20);
    }

    private Account passedTrial(Setup setup) {
        Account account = sender.account(setup);
        Sender.passAntispam(account);
        return account;
    }

    /** Sets the service's clock; every request after this one is decided at {@code instant}. */
    private static void at(String instant) {
        TestClock.set(Instant.parse(instant));
    }

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }
}
