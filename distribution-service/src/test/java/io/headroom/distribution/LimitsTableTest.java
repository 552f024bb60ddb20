package io.headroom.distribution;

import static io.headroom.distribution.Answers.accepted;
import static io.headroom.distribution.Answers.assertLimits;
import static io.headroom.distribution.Answers.assertUsage;
import static io.headroom.distribution.Answers.email;
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
 * The limits table of spec/distribution-service.md §2, one test per row, each seen twice: in
 * {@code GET /v1/accounts/{id}/distribution-limits} (0 = unlimited) and in what sending (§3)
 * accepts and refuses. Also "a limit or state change (plan change, check passed) applies to the
 * next request".
 */
@QuarkusTest
class LimitsTableTest {

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    @AfterEach
    void disconnect() {
        sender.close();
    }

    // --- row 1: not passed, any account: 10 a day, 10 a month, no e-mail -------------------------

    @Test
    void notRequestedCheckAllowsTenPerDayTenPerMonthAndNoEmailEvenOnTheCurrentPricing() {
        Account account = sender.account(Setup.current());
        JsonPath limits = limits(account);
        assertLimits(limits, "not_requested", "current", 10, 10, false);
        assertUsage(account, 0, 0);

        assertEmailForbidden(email(account, 1), "not_requested");
        assertUsage(account, 0, 0);

        for (int i = 1; i <= 10; i++) {
            accepted(sms(account, 1), 1);
        }
        refused(sms(account, 1), 10);
        assertUsage(account, 10, 10);
    }

    @Test
    void pendingCheckAllowsTenPerDayTenPerMonthAndNoEmailOnTheTrialPlan() {
        Account account = sender.account(Setup.trial());
        Sender.requestAntispam(account).then().statusCode(202);
        assertLimits(limits(account), "pending", "trial", 10, 10, false);

        assertEmailForbidden(email(account, 1), "pending");
        accepted(sms(account, 10), 10);
        refused(sms(account, 1), 10);
        assertUsage(account, 10, 10);
    }

    @Test
    void rejectedCheckAllowsTenPerDayTenPerMonthAndNoEmailWhateverTheLegacyPlanOf1000Per10000() {
        Account account = sender.account(Setup.legacy("organization", 1_000, 10_000));
        Sender.requestAntispam(account).then().statusCode(202);
        Sender.decide(account, "rejected", "the sender domain is not the company's").then().statusCode(200);
        assertLimits(limits(account), "rejected", "legacy", 10, 10, false);

        assertEmailForbidden(email(account, 1), "rejected");
        refused(sms(account, 11), 10);
        assertUsage(account, 0, 0);
        accepted(sms(account, 10), 10);
        refused(sms(account, 1), 10);
        assertUsage(account, 10, 10);
    }

    // --- row 2: passed, trial plan: 10 a day, 100 a month, e-mail allowed -----------------------

    @Test
    void passedTrialAllowsTenPerDayWithEmailAndRefusesTheEleventhUntilTheDayResets() {
        Account account = sender.account(Setup.trial());
        Sender.passAntispam(account);
        JsonPath limits = limits(account);
        assertLimits(limits, "passed", "trial", 10, 100, true);

        accepted(email(account, 1), 1);
        for (int i = 2; i <= 10; i++) {
            accepted(sms(account, 1), 1);
        }
        Response eleventh = refused(sms(account, 1), 10);
        assertThat(Answers.headerValue(eleventh, "X-Rate-Limit-Retry"))
                .as("the day refuses: retry when it resets").isEqualTo(instant(limits, "resetsAt.day").getEpochSecond());
        assertUsage(account, 10, 10);
    }

    @Test
    void passedTrialAllowsOneHundredPerMonthSoWith95UsedFiveFitAndTheSixthIsRefusedForTheMonth() throws Exception {
        Account account = sender.account(Setup.trial());
        Sender.passAntispam(account);
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));
        Sender.used(account, "month", periods.month().start(), 95);
        JsonPath limits = limits(account);
        assertLimits(limits, "passed", "trial", 10, 100, true);
        assertUsage(account, 0, 95);

        for (int i = 1; i <= 4; i++) {
            accepted(sms(account, 1), 1);
        }
        window(accepted(sms(account, 1), 1), 100, 0);
        Response sixth = refused(sms(account, 1), 100);
        assertThat(sixth.header("X-Rate-Limit-Remaining")).isEqualTo("0");
        assertThat(Answers.headerValue(sixth, "X-Rate-Limit-Retry"))
                .as("the month refuses: retry when it resets")
                .isEqualTo(instant(limits, "resetsAt.month").getEpochSecond());
        assertUsage(account, 5, 100);
    }

    // --- row 3: passed, current pricing: unlimited ---------------------------------------------

    @Test
    void passedCurrentPricingIsUnlimitedSoTwoDistributionsOf1000RecipientsCount2000() throws Exception {
        Account account = sender.account(Setup.current());
        Sender.passAntispam(account);
        assertLimits(limits(account), "passed", "current", 0, 0, true);

        for (int round = 1; round <= 2; round++) {
            Response response = accepted(sms(account, 1_000), 1_000);
            assertThat(String.valueOf(response.header("RateLimit-Policy")))
                    .as("no distribution window binds an unlimited account")
                    .doesNotContain(Answers.TYPE);
        }
        assertUsage(account, 2_000, 2_000);
        assertThat(Answers.distributions(account)).isEqualTo(2);
        assertThat(Answers.messages(account)).isEqualTo(2_000);
    }

    // --- row 4: passed, legacy pricing: the plan's numbers ------------------------------------

    @Test
    void passedLegacyBusinessCreatedBefore2021_12_01GetsThePlans100PerDay() {
        Account account = sender.account(Setup.legacy("business", 100, 1_000));
        Sender.passAntispam(account);
        assertLimits(limits(account), "passed", "legacy", 100, 1_000, true);

        refused(sms(account, 101), 100);
        window(accepted(sms(account, 100), 100), 100, 0);
        refused(sms(account, 1), 100);
        assertUsage(account, 100, 100);
    }

    @Test
    void passedLegacyBusinessGetsThePlans1000PerMonth() throws Exception {
        Account account = sender.account(Setup.legacy("business", 100, 1_000));
        Sender.passAntispam(account);
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));
        Sender.used(account, "month", periods.month().start(), 990);

        window(accepted(sms(account, 10), 10), 1_000, 0);
        refused(sms(account, 1), 1_000);
        assertUsage(account, 10, 1_000);
    }

    @Test
    void anAccountMarkedLegacyThoughCreatedIn2023IsLegacyWithItsPlans250Per5000() {
        Account account = sender.account(
                new Setup("business", "legacy", Instant.parse("2023-05-10T00:00:00Z"), "UTC", 250, 5_000));
        Sender.passAntispam(account);
        assertLimits(limits(account), "passed", "legacy", 250, 5_000, true);

        refused(sms(account, 251), 250);
        window(accepted(sms(account, 250), 250), 250, 0);
        assertUsage(account, 250, 250);
    }

    @Test
    void aTrialPlanIsTrialWhateverItsPricingSoTenAndOneHundredNotThePlans500And5000() {
        Account account = sender.account(
                new Setup("trial", "legacy", Instant.parse("2020-05-04T00:00:00Z"), "UTC", 500, 5_000));
        Sender.passAntispam(account);
        assertLimits(limits(account), "passed", "trial", 10, 100, true);

        refused(sms(account, 11), 10);
        window(accepted(sms(account, 10), 10), 10, 0);
        assertUsage(account, 10, 10);
    }

    // --- a limit or state change applies to the next request -----------------------------------

    @Test
    void aPlanChangeFromBusiness100ToOrganization1000AppliesToTheNextRequest() {
        Account account = sender.account(Setup.legacy("business", 100, 1_000));
        Sender.passAntispam(account);
        accepted(sms(account, 100), 100);
        refused(sms(account, 1), 100);

        sender.change(account, Setup.legacy("organization", 1_000, 10_000), 2);

        assertLimits(limits(account), "passed", "legacy", 1_000, 10_000, true);
        window(accepted(sms(account, 1), 1), 1_000, 899);
        assertUsage(account, 101, 101);
    }

    @Test
    void passingTheCheckAppliesToTheNextRequest() {
        Account account = sender.account(Setup.current());
        accepted(sms(account, 10), 10);
        refused(sms(account, 1), 10);
        assertEmailForbidden(email(account, 1), "not_requested");

        Sender.passAntispam(account);

        assertLimits(limits(account), "passed", "current", 0, 0, true);
        accepted(sms(account, 1), 1);
        accepted(email(account, 1), 1);
        assertUsage(account, 12, 12);
    }

    /** The e-mail channel without a passed check: 403 {@code forbidden} naming the anti-spam check. */
    private static void assertEmailForbidden(Response response, String state) {
        Problems.assertProblem(response, 403, "forbidden");
        assertThat(response.jsonPath().getString("detail")).contains("anti-spam check");
        assertThat(response.jsonPath().getString("antiSpamCheck")).isEqualTo(state);
    }
}
