package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Who may do what with the anti-spam check (spec: distribution-service §1, conventions
 * "Authorization rules"): only the account's owner requests it, only platform-admin decides it,
 * the owner and platform-admin read it; another account's check answers 404, as a missing one
 * does, and a refused call changes nothing.
 */
@QuarkusTest
class AntispamAuthorizationTest {

    private static final Map<String, String> REQUEST = Map.of("companyWebsite", "https://shop.example.com",
            "senderDomain", "news.example.com", "useCase", "Monthly newsletter to customers who opted in");

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
    void onlyTheOwnerMayRequestTheCheck() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.Account other = sender.account(Sender.Setup.current());

        assertProblem(request(Tokens.member(account.id()), account.id()), 403, "forbidden");
        assertProblem(request(Tokens.member(account.id(), Map.of(account.project(), "admin")), account.id()), 403,
                "forbidden");
        assertProblem(request(Tokens.platformAdmin(), account.id()), 403, "forbidden");
        assertProblem(request(Tokens.gateway(), account.id()), 403, "forbidden");
        assertProblem(request(other.ownerToken(), account.id()), 404, "not-found");
        assertProblem(request(null, account.id()), 401, "unauthorized");
        assertThat(state(account)).as("no refused request left a trace").isEqualTo("not_requested");

        Response owner = request(account.ownerToken(), account.id());

        assertThat(owner.statusCode()).as(owner.asString()).isEqualTo(202);
        assertThat(owner.jsonPath().getString("state")).isEqualTo("pending");
        assertThat(state(account)).isEqualTo("pending");
        assertThat(state(other)).as("the other owner's own account is untouched").isEqualTo("not_requested");
    }

    @Test
    void anUnknownAccountIsNotFound() {
        String unknown = Ids.next(Ids.ACCOUNT);

        assertProblem(request(Tokens.owner(unknown), unknown), 404, "not-found");
        assertProblem(decide(Tokens.platformAdmin(), unknown, "passed"), 404, "not-found");
        assertProblem(Sender.as(Tokens.platformAdmin()).get(checkPath(unknown)), 404, "not-found");
    }

    @Test
    void onlyPlatformAdminMayDecide() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.requestAntispam(account).then().statusCode(202);

        assertProblem(decide(account.ownerToken(), account.id(), "passed"), 403, "forbidden");
        assertProblem(decide(Tokens.gateway(), account.id(), "passed"), 403, "forbidden");
        assertProblem(decide(Tokens.member(account.id()), account.id(), "passed"), 403, "forbidden");
        assertProblem(decide(Tokens.member(account.id(), Map.of(account.project(), "admin")), account.id(), "passed"),
                403, "forbidden");
        assertProblem(decide(null, account.id(), "passed"), 401, "unauthorized");
        assertThat(state(account)).as("still undecided").isEqualTo("pending");
        assertThat(Sender.limits(account).jsonPath().getBoolean("limits.emailAllowed")).isFalse();

        Response decided = decide(Tokens.platformAdmin(), account.id(), "passed");

        assertThat(decided.statusCode()).as(decided.asString()).isEqualTo(200);
        assertThat(state(account)).isEqualTo("passed");
    }

    @Test
    void theOwnerAndPlatformAdminMayReadTheCheck() {
        Sender.Account account = sender.account(Sender.Setup.current());
        Sender.Account other = sender.account(Sender.Setup.current());
        Sender.requestAntispam(account).then().statusCode(202);

        for (String reader : new String[] {account.ownerToken(), Tokens.platformAdmin()}) {
            Response check = Sender.as(reader).get(checkPath(account.id()));
            assertThat(check.statusCode()).as(check.asString()).isEqualTo(200);
            assertThat(check.jsonPath().getString("state")).isEqualTo("pending");
            assertThat(check.jsonPath().getString("senderDomain")).isEqualTo("news.example.com");
        }
        assertProblem(Sender.as(Tokens.member(account.id())).get(checkPath(account.id())), 403, "forbidden");
        assertProblem(Sender.as(other.ownerToken()).get(checkPath(account.id())), 404, "not-found");
        assertProblem(given().get(checkPath(account.id())), 401, "unauthorized");
    }

    // --- helpers --------------------------------------------------------------------------------

    private static String checkPath(String accountId) {
        return "/v1/accounts/" + accountId + "/anti-spam-check";
    }

    private static Response request(String token, String accountId) {
        return caller(token).contentType(ContentType.JSON).body(REQUEST).post(checkPath(accountId));
    }

    private static Response decide(String token, String accountId, String decision) {
        return caller(token).contentType(ContentType.JSON).body(Map.of("decision", decision))
                .post(checkPath(accountId) + "/decision");
    }

    private static RequestSpecification caller(String token) {
        return token == null ? given() : Sender.as(token);
    }

    /** The check's state as platform-admin reads it. */
    private static String state(Sender.Account account) {
        Response check = Sender.as(Tokens.platformAdmin()).get(checkPath(account.id()));
        assertThat(check.statusCode()).as(check.asString()).isEqualTo(200);
        return check.jsonPath().getString("state");
    }
}
