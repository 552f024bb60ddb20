package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static io.headroom.quota.Fixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Integrator quotas (spec/quota-service.md §2), each rule with its source number. */
@QuarkusTest
class IntegratorResourceTest {

    @Test
    void getIntegratorAnswersExactlyTheSourceShape() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":134}")
                .post("/integrator/organizations/" + org + "/votes").then().statusCode(200);

        Response overview = as(Tokens.member(account)).get("/integrator");

        assertThat(overview.statusCode()).isEqualTo(200);
        Map<String, Object> body = overview.jsonPath().getMap("");
        assertThat(body).containsKeys("enabled", "limits", "usage").containsEntry("enabled", true);
        assertThat(overview.jsonPath().getMap("limits")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "maxManagedOrgs", 1, "maxManagedProcesses", 10, "maxVotes", 1000, "maxEmails", 500, "maxSMS", 200));
        assertThat(overview.jsonPath().getMap("usage")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "managedOrgs", 1, "managedProcesses", 1, "sentVotes", 134, "sentEmails", 0, "sentSMS", 0));
    }

    @Test
    void anAccountWithoutIntegratorFeaturesAnswersDisabledWithZeroLimitsAndUsage() {
        String account = Fixtures.newAccountId();
        Fixtures.createAccount(account, "business");

        Response overview = overview(account);

        assertThat(overview.jsonPath().getBoolean("enabled")).isFalse();
        assertThat(overview.jsonPath().getMap("limits").values()).containsOnly(0);
        assertThat(overview.jsonPath().getMap("usage").values()).containsOnly(0);
    }

    @Test
    void theFreeTierAllowsOneManagedOrganizationAndRefusesTheSecondNamingTheLimit() {
        String account = Fixtures.freeIntegrator();
        Fixtures.organization(account);

        Response second = as(Tokens.owner(account)).body("{\"name\":\"Second\"}").post("/integrator/organizations");

        assertProblem(second, 403, "quota-exceeded");
        assertThat(second.jsonPath().getString("quota")).isEqualTo("maxManagedOrgs");
        assertThat(second.jsonPath().getLong("limit")).isEqualTo(1);
        assertThat(second.jsonPath().getLong("usage")).isEqualTo(1);
        assertThat(second.jsonPath().getString("detail")).isEqualTo("maxManagedOrgs is 1 and 1 managed organization exists");
        assertThat(overview(account).jsonPath().getLong("usage.managedOrgs")).isEqualTo(1);
    }

    @Test
    void theFreeTierAllowsTenProcesses() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        for (int i = 0; i < 10; i++) {
            Fixtures.process(account, org);
        }

        Response eleventh = as(Tokens.owner(account)).body("{\"title\":\"11th\"}")
                .post("/integrator/organizations/" + org + "/processes");

        assertProblem(eleventh, 403, "quota-exceeded");
        assertThat(eleventh.jsonPath().getString("quota")).isEqualTo("maxManagedProcesses");
        assertThat(eleventh.jsonPath().getLong("limit")).isEqualTo(10);
    }

    @Test
    void theFreeTierCountsUpTo500EmailsAnd200Sms() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String otp = "/integrator/organizations/" + org + "/otp";

        as(Tokens.owner(account)).body("{\"channel\":\"email\",\"count\":500}").post(otp).then().statusCode(200);
        as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":200}").post(otp).then().statusCode(200);
        Response email = as(Tokens.owner(account)).body("{\"channel\":\"email\",\"count\":1}").post(otp);
        Response sms = as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":1}").post(otp);

        assertProblem(email, 403, "quota-exceeded");
        assertThat(email.jsonPath().getString("quota")).isEqualTo("maxEmails");
        assertThat(email.jsonPath().getLong("limit")).isEqualTo(500);
        assertProblem(sms, 403, "quota-exceeded");
        assertThat(sms.jsonPath().getString("quota")).isEqualTo("maxSMS");
        assertThat(sms.jsonPath().getLong("limit")).isEqualTo(200);
        assertThat(overview(account).jsonPath().getLong("usage.sentEmails")).isEqualTo(500);
        assertThat(overview(account).jsonPath().getLong("usage.sentSMS")).isEqualTo(200);
    }

    @Test
    void aVoteRequestThatWouldPassMaxVotesIsRefusedWholeAndCountsNothing() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        String votes = "/integrator/organizations/" + org + "/votes";
        as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":998}").post(votes)
                .then().statusCode(200);

        Response refused = as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":3}")
                .post(votes);

        assertProblem(refused, 403, "quota-exceeded");
        assertThat(refused.jsonPath().getString("quota")).isEqualTo("maxVotes");
        assertThat(refused.jsonPath().getLong("limit")).isEqualTo(1000);
        assertThat(refused.jsonPath().getLong("usage")).isEqualTo(998);
        assertThat(overview(account).jsonPath().getLong("usage.sentVotes")).isEqualTo(998);
        Response fits = as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":2}").post(votes);
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.jsonPath().getLong("usage.sentVotes")).isEqualTo(1000);
    }

    @Test
    void aZeroLimitIsUnlimited() {
        String account = Fixtures.customIntegrator(0, 0, 0, 0, 0);
        for (int i = 0; i < 25; i++) {
            Fixtures.organization(account);
        }
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        for (int i = 0; i < 5; i++) {
            as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":10000}")
                    .post("/integrator/organizations/" + org + "/votes").then().statusCode(200);
        }

        Response overview = overview(account);
        assertThat(overview.jsonPath().getLong("usage.managedOrgs")).isEqualTo(26);
        assertThat(overview.jsonPath().getLong("usage.sentVotes")).isEqualTo(50_000);
    }

    @Test
    void aCustomTierTakesTheOperatorsValues() {
        String account = Fixtures.customIntegrator(3, 7, 5000, 40, 30);

        assertThat(overview(account).jsonPath().getMap("limits")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "maxManagedOrgs", 3, "maxManagedProcesses", 7, "maxVotes", 5000, "maxEmails", 40, "maxSMS", 30));
        assertThat(overview(account).jsonPath().getString("tier")).isEqualTo("custom");
    }

    @Test
    void disabledFeaturesRefuseProvisioningAndCountingButGetStillAnswers() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        asAdmin().body("{\"enabled\":false,\"tier\":\"free\"}").put("/v1/accounts/" + account + "/integrator")
                .then().statusCode(200);

        assertProblem(as(Tokens.owner(account)).body("{\"name\":\"x\"}").post("/integrator/organizations"),
                403, "feature-disabled");
        assertProblem(as(Tokens.owner(account)).body("{\"title\":\"x\"}")
                .post("/integrator/organizations/" + org + "/processes"), 403, "feature-disabled");
        assertProblem(as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":1}")
                .post("/integrator/organizations/" + org + "/votes"), 403, "feature-disabled");
        assertProblem(as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":1}")
                .post("/integrator/organizations/" + org + "/otp"), 403, "feature-disabled");
        Response overview = overview(account);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.jsonPath().getBoolean("enabled")).isFalse();
        assertThat(overview.jsonPath().getLong("usage.managedOrgs")).isEqualTo(1);
    }

    @Test
    void deletingAnOrganizationRollsBackItsProcessesItsSlotAndItsVotesEmailsAndSms() {
        String account = Fixtures.customIntegrator(5, 20, 0, 0, 0);
        String kept = Fixtures.organization(account);
        String keptProcess = Fixtures.process(account, kept);
        String doomed = Fixtures.organization(account);
        String doomedProcess = Fixtures.process(account, doomed);
        Fixtures.process(account, doomed);
        as(Tokens.owner(account)).body("{\"processId\":\"" + keptProcess + "\",\"count\":10}")
                .post("/integrator/organizations/" + kept + "/votes").then().statusCode(200);
        as(Tokens.owner(account)).body("{\"processId\":\"" + doomedProcess + "\",\"count\":90}")
                .post("/integrator/organizations/" + doomed + "/votes").then().statusCode(200);
        as(Tokens.owner(account)).body("{\"channel\":\"email\",\"count\":7}")
                .post("/integrator/organizations/" + doomed + "/otp").then().statusCode(200);
        as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":4}")
                .post("/integrator/organizations/" + doomed + "/otp").then().statusCode(200);
        as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":1}")
                .post("/integrator/organizations/" + kept + "/otp").then().statusCode(200);

        as(Tokens.owner(account)).delete("/integrator/organizations/" + doomed).then().statusCode(204);

        assertThat(overview(account).jsonPath().getMap("usage")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "managedOrgs", 1, "managedProcesses", 1, "sentVotes", 10, "sentEmails", 0, "sentSMS", 1));
        assertProblem(as(Tokens.owner(account)).delete("/integrator/organizations/" + doomed), 404, "not-found");
    }

    @Test
    void deletingAProcessFreesItsSlot() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String[] processes = new String[10];
        for (int i = 0; i < 10; i++) {
            processes[i] = Fixtures.process(account, org);
        }

        as(Tokens.owner(account)).delete("/integrator/organizations/" + org + "/processes/" + processes[3])
                .then().statusCode(204);

        assertThat(overview(account).jsonPath().getLong("usage.managedProcesses")).isEqualTo(9);
        Fixtures.process(account, org);
        assertThat(overview(account).jsonPath().getLong("usage.managedProcesses")).isEqualTo(10);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCountsOnceAndReturnsTheFirstAnswer() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        String votes = "/integrator/organizations/" + org + "/votes";
        String body = "{\"processId\":\"" + process + "\",\"count\":5}";

        Response first = as(Tokens.owner(account)).header("Idempotency-Key", "vote-1").body(body).post(votes);
        as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":1}").post(votes);
        Response retry = as(Tokens.owner(account)).header("Idempotency-Key", "vote-1").body(body).post(votes);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.jsonPath().getLong("usage.sentVotes")).isEqualTo(5);
        assertThat(overview(account).jsonPath().getLong("usage.sentVotes")).isEqualTo(6);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsAConflict() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String otp = "/integrator/organizations/" + org + "/otp";
        as(Tokens.owner(account)).header("Idempotency-Key", "otp-1").body("{\"channel\":\"sms\",\"count\":2}")
                .post(otp).then().statusCode(200);

        assertProblem(as(Tokens.owner(account)).header("Idempotency-Key", "otp-1")
                .body("{\"channel\":\"sms\",\"count\":3}").post(otp), 409, "conflict");
        assertProblem(as(Tokens.owner(account)).header("Idempotency-Key", "x".repeat(256))
                .body("{\"channel\":\"sms\",\"count\":3}").post(otp), 400, "validation");
        assertThat(overview(account).jsonPath().getLong("usage.sentSMS")).isEqualTo(2);
    }

    @Test
    void unknownOrganizationsAndProcessesAreNotFoundAndCountNothing() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);

        assertProblem(as(Tokens.owner(account)).body("{\"processId\":\"proc_nope\",\"count\":1}")
                .post("/integrator/organizations/" + org + "/votes"), 404, "not-found");
        assertProblem(as(Tokens.owner(account)).body("{\"channel\":\"sms\",\"count\":1}")
                .post("/integrator/organizations/org_nope/otp"), 404, "not-found");
        assertThat(overview(account).jsonPath().getLong("usage.sentVotes")).isZero();
        assertThat(overview(account).jsonPath().getLong("usage.sentSMS")).isZero();
    }

    @Test
    void invalidCountsAndChannelsAreValidationProblems() {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String votes = "/integrator/organizations/" + org + "/votes";

        for (String body : new String[] {"{\"processId\":\"proc_1\",\"count\":0}",
                "{\"processId\":\"proc_1\",\"count\":10001}", "{\"processId\":\"proc_1\",\"count\":-5}",
                "{\"processId\":\"proc_1\"}", "{\"count\":1}"}) {
            assertProblem(as(Tokens.owner(account)).body(body).post(votes), 400, "validation");
        }
        assertProblem(as(Tokens.owner(account)).body("{\"channel\":\"fax\",\"count\":1}")
                .post("/integrator/organizations/" + org + "/otp"), 400, "validation");
        assertProblem(asAdmin().body("{\"enabled\":true,\"tier\":\"custom\"}")
                .put("/v1/accounts/" + account + "/integrator"), 400, "validation");
        assertProblem(asAdmin().body("{\"enabled\":true,\"tier\":\"custom\",\"limits\":{\"maxManagedOrgs\":-1,"
                + "\"maxManagedProcesses\":1,\"maxVotes\":1,\"maxEmails\":1,\"maxSMS\":1}}")
                .put("/v1/accounts/" + account + "/integrator"), 400, "validation");
    }

    @Test
    void aKeyOlderThan24HoursIsForgottenSoItsNextUseIsANewRequest() throws Throwable {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String otp = "/integrator/organizations/" + org + "/otp";
        as(Tokens.owner(account)).header("Idempotency-Key", "daily").body("{\"channel\":\"sms\",\"count\":2}")
                .post(otp).then().statusCode(200);
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache
                .withTransaction(() -> io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session
                        .createNativeQuery("update idempotency_record set created_at = now() - interval '24 hours 1 second'"
                                + " where scope = :scope and idem_key = 'daily'")
                        .setParameter("scope", "integrator:" + account).executeUpdate())));

        Response later = as(Tokens.owner(account)).header("Idempotency-Key", "daily")
                .body("{\"channel\":\"sms\",\"count\":3}").post(otp);

        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.jsonPath().getLong("usage.sentSMS")).isEqualTo(5);
    }

    @Test
    void listsAnswer50ItemsAPageByDefault() {
        String account = Fixtures.customIntegrator(0, 0, 0, 0, 0);
        for (int i = 0; i < 51; i++) {
            Fixtures.organization(account);
        }

        Response page = as(Tokens.owner(account)).get("/integrator/organizations");

        assertThat(page.jsonPath().getList("items")).hasSize(50);
        assertThat(page.jsonPath().getString("nextCursor")).isNotNull();
        assertProblem(as(Tokens.owner(account)).queryParam("limit", "abc").get("/integrator/organizations"),
                400, "validation");
        assertProblem(as(Tokens.owner(account)).queryParam("limit", 0).get("/integrator/organizations"),
                400, "validation");
    }

    @Test
    void organizationsAreListedWithTheirAttributedUsageAPageAtATime() {
        String account = Fixtures.customIntegrator(0, 0, 0, 0, 0);
        String first = Fixtures.organization(account);
        Fixtures.organization(account);
        Fixtures.organization(account);
        as(Tokens.owner(account)).body("{\"channel\":\"email\",\"count\":3}")
                .post("/integrator/organizations/" + first + "/otp").then().statusCode(200);

        Response page1 = as(Tokens.member(account)).queryParam("limit", 2).get("/integrator/organizations");
        Response page2 = as(Tokens.member(account)).queryParam("limit", 2)
                .queryParam("cursor", page1.jsonPath().getString("nextCursor")).get("/integrator/organizations");

        assertThat(page1.jsonPath().getList("items")).hasSize(2);
        assertThat(page1.jsonPath().getString("items[0].id")).isEqualTo(first);
        assertThat(page1.jsonPath().getLong("items[0].usage.sentEmails")).isEqualTo(3);
        assertThat(page2.jsonPath().getList("items")).hasSize(1);
        assertThat(page2.jsonPath().getString("nextCursor")).isNull();
        assertProblem(as(Tokens.member(account)).queryParam("cursor", "garbage!").get("/integrator/organizations"),
                400, "validation");
        assertProblem(as(Tokens.member(account)).queryParam("limit", 201).get("/integrator/organizations"),
                400, "validation");
    }
}
