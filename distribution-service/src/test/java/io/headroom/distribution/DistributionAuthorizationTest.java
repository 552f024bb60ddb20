package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.SecurityContract;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Who may send a project's distributions, read them, and read the account's limits (spec:
 * distribution-service §2–§3, conventions "Authorization rules"): the owner, a project admin and
 * the gateway send; viewers, plain members and platform-admin do not; another account's project
 * answers 404 and counts nothing; every operation needs a valid token.
 */
@QuarkusTest
class DistributionAuthorizationTest {

    private static final String COUNT_DISTRIBUTIONS = "select count(*) from distribution where account_id = ?";

    private Sender sender;

    @BeforeEach
    void connect() {
        sender = new Sender();
    }

    @AfterEach
    void disconnect() {
        sender.close();
    }

    // --- sending --------------------------------------------------------------------------------

    @Test
    void theOwnerAProjectAdminAndTheGatewayMaySend() throws SQLException {
        Sender.Account account = sender.account(Sender.Setup.current(), 2);
        String project = account.project();
        String otherProject = account.projectIds().get(1);

        accepted(send(account.ownerToken(), project));
        accepted(send(Tokens.member(account.id(), Map.of(project, "admin")), project));
        accepted(send(Tokens.gateway(), project));

        assertProblem(send(Tokens.member(account.id(), Map.of(project, "viewer")), project), 403, "forbidden");
        assertProblem(send(Tokens.member(account.id()), project), 403, "forbidden");
        assertProblem(send(Tokens.member(account.id(), Map.of(otherProject, "admin")), project), 403, "forbidden");
        assertProblem(send(Tokens.platformAdmin(), project), 403, "forbidden");

        assertThat(today(account)).as("the three accepted count, the refused do not").isEqualTo(3);
        assertThat(Sender.count(COUNT_DISTRIBUTIONS, account.id())).isEqualTo(3);
    }

    @Test
    void anotherAccountsProjectIsNotFoundAndCountsNothing() throws SQLException {
        Sender.Account victim = sender.account(Sender.Setup.current());
        Sender.Account attacker = sender.account(Sender.Setup.current());

        assertProblem(send(attacker.ownerToken(), victim.project()), 404, "not-found");
        assertProblem(send(Tokens.member(attacker.id(), Map.of(victim.project(), "admin")), victim.project()), 404,
                "not-found");

        assertThat(today(victim)).isZero();
        assertThat(Sender.count(COUNT_DISTRIBUTIONS, victim.id())).isZero();
        assertThat(Sender.count(COUNT_DISTRIBUTIONS, attacker.id())).isZero();
    }

    @Test
    void anUnknownProjectIsNotFound() {
        Sender.Account account = sender.account(Sender.Setup.current());

        assertProblem(send(account.ownerToken(), Ids.next(Ids.PROJECT)), 404, "not-found");
        assertProblem(send(Tokens.gateway(), Ids.next(Ids.PROJECT)), 404, "not-found");
    }

    @Test
    void sendingWithoutATokenIsUnauthorized() {
        Sender.Account account = sender.account(Sender.Setup.current());

        Response anonymous = given().contentType(ContentType.JSON).body(Sender.distribution("sms", Sender.phones(1)))
                .post("/v1/projects/" + account.project() + "/distributions");

        assertProblem(anonymous, 401, "unauthorized");
        assertProblem(send(Tokens.expired(account.id()), account.project()), 401, "unauthorized");
        assertThat(today(account)).isZero();
    }

    // --- reading a distribution ----------------------------------------------------------------

    @Test
    void whoMayReadADistribution() {
        Sender.Account account = sender.account(Sender.Setup.current(), 2);
        Sender.Account other = sender.account(Sender.Setup.current());
        String id = accepted(send(account.ownerToken(), account.project()));
        String path = "/v1/projects/" + account.project() + "/distributions/" + id;

        List<String> readers = List.of(account.ownerToken(), Tokens.member(account.id(), Map.of(account.project(),
                "admin")), Tokens.gateway(), Tokens.platformAdmin());
        for (String reader : readers) {
            Response read = Sender.as(reader).get(path);
            assertThat(read.statusCode()).as(read.asString()).isEqualTo(200);
            assertThat(read.jsonPath().getString("id")).isEqualTo(id);
            assertThat(read.jsonPath().getString("projectId")).isEqualTo(account.project());
            assertThat(read.jsonPath().getString("channel")).isEqualTo("sms");
            assertThat(read.jsonPath().getInt("messageCount")).isEqualTo(1);
        }

        assertProblem(Sender.as(Tokens.member(account.id(), Map.of(account.project(), "viewer"))).get(path), 403,
                "forbidden");
        assertProblem(Sender.as(Tokens.member(account.id())).get(path), 403, "forbidden");
        assertProblem(Sender.as(other.ownerToken()).get(path), 404, "not-found");
        assertProblem(given().get(path), 401, "unauthorized");
    }

    @Test
    void aDistributionIsOnlyFoundUnderItsOwnProject() {
        Sender.Account account = sender.account(Sender.Setup.current(), 2);
        String id = accepted(send(account.ownerToken(), account.project()));

        Response elsewhere = Sender.as(account.ownerToken())
                .get("/v1/projects/" + account.projectIds().get(1) + "/distributions/" + id);
        Response unknown = Sender.as(account.ownerToken())
                .get("/v1/projects/" + account.project() + "/distributions/" + Ids.next(Ids.DISTRIBUTION));

        assertProblem(elsewhere, 404, "not-found");
        assertProblem(unknown, 404, "not-found");
        assertThat(Sender.distributionOf(account, id).statusCode()).isEqualTo(200);
    }

    // --- the account's limits -------------------------------------------------------------------

    @Test
    void whoMayReadTheDistributionLimits() {
        Sender.Account account = sender.account(Sender.Setup.current(), 2);
        Sender.Account other = sender.account(Sender.Setup.current());
        String path = "/v1/accounts/" + account.id() + "/distribution-limits";

        List<String> readers = List.of(account.ownerToken(), Tokens.platformAdmin(),
                Tokens.member(account.id(), Map.of(account.projectIds().get(1), "admin")));
        for (String reader : readers) {
            Response limits = Sender.as(reader).get(path);
            assertThat(limits.statusCode()).as(limits.asString()).isEqualTo(200);
            assertThat(limits.jsonPath().getString("antiSpamCheck")).isEqualTo("not_requested");
            assertThat(limits.jsonPath().getLong("limits.perDay")).isEqualTo(10);
        }

        assertProblem(Sender.as(Tokens.member(account.id())).get(path), 403, "forbidden");
        assertProblem(Sender.as(Tokens.member(account.id(), Map.of(account.project(), "viewer"))).get(path), 403,
                "forbidden");
        assertProblem(Sender.as(other.ownerToken()).get(path), 404, "not-found");
        assertProblem(Sender.as(Tokens.platformAdmin()).get("/v1/accounts/" + Ids.next(Ids.ACCOUNT)
                + "/distribution-limits"), 404, "not-found");
        assertProblem(given().get(path), 401, "unauthorized");
    }

    // --- tokens -----------------------------------------------------------------------------------

    @Test
    void everyOperationRequiresAValidToken() {
        List<String> operations = SecurityContract.operations().stream().map(op -> op[0] + " " + op[1]).toList();
        assertThat(operations).contains("POST /v1/projects/unknown_1/distributions",
                "GET /v1/projects/unknown_1/distributions/unknown_1",
                "GET /v1/accounts/unknown_1/distribution-limits",
                "GET /v1/accounts/unknown_1/anti-spam-check",
                "POST /v1/accounts/unknown_1/anti-spam-check",
                "POST /v1/accounts/unknown_1/anti-spam-check/decision");

        int covered = SecurityContract.assertEveryOperationRequiresAValidToken();

        assertThat(covered).isGreaterThanOrEqualTo(5);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Response send(String token, String projectId) {
        return Sender.send(token, projectId, Sender.distribution("sms", Sender.phones(1)), null);
    }

    /** Asserts a 202 for one queued message and returns the distribution's id. */
    private static String accepted(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        assertThat(response.jsonPath().getInt("messages")).isEqualTo(1);
        assertThat(response.jsonPath().getString("status")).isEqualTo("queued");
        String id = response.jsonPath().getString("id");
        assertThat(id).startsWith(Ids.DISTRIBUTION);
        return id;
    }

    private static long today(Sender.Account account) {
        Response limits = Sender.limits(account);
        assertThat(limits.statusCode()).as(limits.asString()).isEqualTo(200);
        return limits.jsonPath().getLong("usage.today");
    }
}
