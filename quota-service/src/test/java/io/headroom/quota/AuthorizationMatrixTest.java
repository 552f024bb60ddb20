package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.SecurityContract;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every endpoint of sections 1–2 against every kind of caller (spec/conventions.md): who may,
 * who gets 403, and who must not learn that the object exists (404). No token is 401 everywhere
 * ({@link SecurityContract}).
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private String account;
    private String project;
    private String org;
    private String process;

    /** The callers of the matrix, in column order. */
    private Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("platform-admin", Tokens.platformAdmin());
        callers.put("owner", Tokens.owner(account));
        callers.put("member", Tokens.member(account));
        callers.put("project-admin", Tokens.member(account, Map.of(project, "admin")));
        callers.put("project-viewer", Tokens.member(account, Map.of(project, "viewer")));
        callers.put("gateway", Tokens.gateway());
        callers.put("other-owner", Tokens.owner("acc_other"));
        return callers;
    }

    @BeforeEach
    void anIntegratorAccountWithAProjectAnOrganizationAndAProcess() {
        account = Fixtures.customIntegrator(0, 0, 0, 0, 0);
        project = as(Tokens.owner(account)).body("{\"name\":\"Shop\"}")
                .post("/v1/accounts/" + account + "/projects").jsonPath().getString("id");
        org = Fixtures.organization(account);
        process = Fixtures.process(account, org);
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheSpecSays() {
        //                     admin owner member p-admin p-viewer gateway other-owner
        List<String> failures = new ArrayList<>();
        check(failures, "GET", "/v1/accounts/" + account, null, 200, 200, 403, 403, 403, 403, 404);
        check(failures, "PATCH", "/v1/accounts/" + account, "{\"timezone\":\"UTC\"}",
                200, 403, 403, 403, 403, 403, 403);
        check(failures, "GET", "/v1/accounts/" + account + "/projects", null, 200, 200, 200, 200, 200, 403, 404);
        check(failures, "POST", "/v1/accounts/" + account + "/projects", "{\"name\":\"x\"}",
                201, 201, 403, 403, 403, 403, 404);
        check(failures, "GET", "/v1/projects/" + project, null, 200, 200, 403, 200, 200, 403, 404);
        check(failures, "PUT", "/v1/accounts/" + account + "/integrator", "{\"enabled\":true,\"tier\":\"custom\","
                + "\"limits\":{\"maxManagedOrgs\":0,\"maxManagedProcesses\":0,\"maxVotes\":0,\"maxEmails\":0,"
                + "\"maxSMS\":0}}", 200, 403, 403, 403, 403, 403, 403);
        check(failures, "GET", "/v1/accounts/" + account + "/integrator", null, 200, 200, 403, 403, 403, 403, 404);
        check(failures, "GET", "/v1/plans", null, 200, 200, 200, 200, 200, 200, 200);
        check(failures, "GET", "/integrator", null, 403, 200, 200, 200, 200, 403, 200);
        check(failures, "GET", "/integrator/organizations", null, 403, 200, 200, 200, 200, 403, 200);
        check(failures, "POST", "/integrator/organizations/" + org + "/votes",
                "{\"processId\":\"" + process + "\",\"count\":1}", 403, 200, 200, 200, 200, 403, 404);
        check(failures, "POST", "/integrator/organizations/" + org + "/otp", "{\"channel\":\"sms\",\"count\":1}",
                403, 200, 200, 200, 200, 403, 404);
        check(failures, "POST", "/integrator/organizations/" + org + "/processes", "{\"title\":\"t\"}",
                403, 201, 201, 201, 201, 403, 404);
        check(failures, "DELETE", "/integrator/organizations/" + org + "/processes/proc_absent", null,
                403, 404, 404, 404, 404, 403, 404);
        check(failures, "DELETE", "/integrator/organizations/" + org, null, 403, 204, 204, 204, 204, 403, 404);
        check(failures, "DELETE", "/v1/projects/" + project, null, 204, 204, 403, 403, 403, 403, 404);
        assertThat(failures).isEmpty();
    }

    @Test
    void anObjectOfAnotherAccountLooksExactlyLikeOneThatDoesNotExist() {
        String stranger = Tokens.owner("acc_other");
        for (String path : List.of("/v1/accounts/" + account, "/v1/projects/" + project)) {
            Response foreign = as(stranger).get(path);
            Response missing = as(stranger).get(path.replaceFirst("_[^_/]+$", "_doesnotexist"));
            assertThat(foreign.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
            assertThat(foreign.jsonPath().getString("type")).isEqualTo(missing.jsonPath().getString("type"));
        }
    }

    @Test
    void noTokenIsUnauthorizedEverywhere() {
        assertThat(SecurityContract.assertEveryOperationRequiresAValidToken()).isGreaterThanOrEqualTo(14);
    }

    /**
     * Calls the endpoint as each caller; expected statuses in the order of {@link #callers()}. A
     * DELETE is tried by every refused caller first, then by the first caller who may: a success
     * removes the object, so the other callers who may are not tried.
     */
    private void check(List<String> failures, String method, String path, String body, int... expected) {
        int column = 0;
        for (Map.Entry<String, String> caller : callers().entrySet()) {
            int want = expected[column++];
            if (method.equals("DELETE") && want == 204) {
                continue;
            }
            Response response = call(caller.getValue(), method, path, body);
            if (response.statusCode() != want) {
                failures.add(method + " " + path + " as " + caller.getKey() + ": " + response.statusCode()
                        + " (expected " + want + ") " + response.asString());
            }
        }
        column = 0;
        for (Map.Entry<String, String> caller : callers().entrySet()) {
            if (method.equals("DELETE") && expected[column++] == 204) {
                Response response = call(caller.getValue(), method, path, body);
                if (response.statusCode() != 204) {
                    failures.add(method + " " + path + " as " + caller.getKey() + ": " + response.statusCode());
                }
                return;
            }
        }
    }

    private static Response call(String token, String method, String path, String body) {
        var request = as(token);
        if (body != null) {
            request = request.body(body);
        }
        return request.request(method, path);
    }
}
