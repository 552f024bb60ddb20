package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class AccountResourceTest {

    @Test
    void platformAdminCreatesAnAccountWithItsSandboxProject() {
        String id = Fixtures.newAccountId();
        Response created = Fixtures.createAccount(id, "business");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/v1/accounts/" + id);
        assertThat(created.jsonPath().getString("id")).isEqualTo(id);
        assertThat(created.jsonPath().getString("plan")).isEqualTo("business");
        assertThat(created.jsonPath().getString("pricingScheme")).isEqualTo("current");
        assertThat(created.jsonPath().getLong("limits.apiCallsPerMinute")).isEqualTo(100);
        List<Map<String, Object>> projects = created.jsonPath().getList("projects");
        assertThat(projects).hasSize(1);
        assertThat(projects.get(0)).containsEntry("sandbox", true).containsEntry("name", "Sandbox");
        assertThat((String) projects.get(0).get("id")).startsWith("prj_");
    }

    @Test
    void anAccountCreatedBeforeDecember2021IsOnLegacyPricingAndItsCycleAnchorIsCappedAt28() {
        String id = Fixtures.newAccountId();
        Response created = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Tokens.platformAdmin())
                .body("""
                        {"id":"%s","name":"Old","ownerEmail":"o@old.test","plan":"organization",
                         "createdAt":"2021-10-31T12:00:00Z"}
                        """.formatted(id))
                .post("/v1/accounts");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("pricingScheme")).isEqualTo("legacy");
        assertThat(created.jsonPath().getInt("cycleAnchorDay")).isEqualTo(28);
        assertThat(created.jsonPath().getString("createdAt")).isEqualTo("2021-10-31T12:00:00Z");
    }

    @Test
    void anIdIsGeneratedWhenNoneIsGiven() {
        Response created = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Tokens.platformAdmin())
                .body("{\"name\":\"No id\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\"}")
                .post("/v1/accounts");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("id")).matches("acc_[A-Za-z0-9_-]{22}");
    }

    @Test
    void creatingTheSameIdTwiceIsAConflict() {
        String id = Fixtures.newAccountId();
        assertThat(Fixtures.createAccount(id, "trial").statusCode()).isEqualTo(201);

        assertProblem(Fixtures.createAccount(id, "trial"), 409, "conflict");
    }

    @Test
    void theOwnerReadsItsAccountAMemberMayNotAndAnotherAccountSeesNothing() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "business");

        given().header("Authorization", "Bearer " + Tokens.owner(id)).get("/v1/accounts/" + id)
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + Tokens.platformAdmin()).get("/v1/accounts/" + id)
                .then().statusCode(200);
        assertProblem(given().header("Authorization", "Bearer " + Tokens.member(id)).get("/v1/accounts/" + id),
                403, "forbidden");
        Response foreign = given().header("Authorization", "Bearer " + Tokens.owner("acc_someoneelse"))
                .get("/v1/accounts/" + id);
        Response missing = given().header("Authorization", "Bearer " + Tokens.owner("acc_someoneelse"))
                .get("/v1/accounts/acc_doesnotexist");
        assertProblem(foreign, 404, "not-found");
        assertProblem(missing, 404, "not-found");
        assertThat(foreign.jsonPath().getString("title")).isEqualTo(missing.jsonPath().getString("title"));
    }

    @Test
    void onlyThePlatformAdminCreatesAccounts() {
        String body = "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\"}";
        for (String token : List.of(Tokens.owner("acc_a"), Tokens.member("acc_a"), Tokens.gateway())) {
            assertProblem(given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                    .body(body).post("/v1/accounts"), 403, "forbidden");
        }
    }

    @Test
    void invalidAccountsAreRefusedWithTheFieldsNamed() {
        Map<String, String> cases = pairs(
                "{\"name\":\"\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\"}", "name",
                "{\"name\":\"X\",\"ownerEmail\":\"not-an-email\",\"plan\":\"trial\"}", "ownerEmail",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"platinum\"}", "plan",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\"}", "plan",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"cycleAnchorDay\":29}", "cycleAnchorDay",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"id\":\"prj_wrongprefix\"}", "id",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"timezone\":\"Mars/Olympus\"}", "timezone",
                "{\"name\":\"" + "n".repeat(1001) + "\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\"}", "name",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"cycleAnchorDay\":\"soon\"}", "cycleAnchorDay",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"createdAt\":\"1969-12-31T23:59:59Z\"}", "createdAt",
                "{\"name\":\"X\",\"ownerEmail\":\"o@x.test\",\"plan\":\"trial\",\"createdAt\":\"-290000-01-01T00:00:00Z\"}", "createdAt");
        cases.forEach((body, field) -> {
            Response response = given().contentType(ContentType.JSON)
                    .header("Authorization", "Bearer " + Tokens.platformAdmin()).body(body).post("/v1/accounts");
            assertProblem(response, 400, "validation");
            assertThat(response.jsonPath().getList("errors.field")).as(body).contains(field);
        });
    }

    @Test
    void thePlanCatalogQuotesTheSourceNumbers() {
        Response plans = given().header("Authorization", "Bearer " + Tokens.owner("acc_any")).get("/v1/plans");

        assertThat(plans.statusCode()).isEqualTo(200);
        assertThat(plans.jsonPath().getLong("business.apiCallsPerMinute")).isEqualTo(100);
        assertThat(plans.jsonPath().getLong("organization.apiCallsPerMinute")).isEqualTo(2_000);
        assertThat(plans.jsonPath().getLong("business.apiCallsPerCycle")).isEqualTo(100_000);
        assertThat(plans.jsonPath().getLong("organization.apiCallsPerCycle")).isEqualTo(300_000);
        assertThat(plans.jsonPath().getLong("business.webhookCallsPerDay")).isEqualTo(144_000);
        assertThat(plans.jsonPath().getLong("organization.webhookCallsPerDay")).isEqualTo(288_000);
        assertThat(plans.jsonPath().getLong("enterprise.webhookCallsPerDay")).isEqualTo(2_000 * 1_440);
        assertThat(plans.jsonPath().getLong("trial.clientCallsPerIp")).isEqualTo(5);
        assertThat(plans.jsonPath().getLong("trial.clientWindowSeconds")).isEqualTo(5);
    }

    /** body, field, body, field, ... in order. */
    private static Map<String, String> pairs(String... bodyThenField) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < bodyThenField.length; i += 2) {
            pairs.put(bodyThenField[i], bodyThenField[i + 1]);
        }
        return pairs;
    }

    @Test
    void aDeletedProjectsIdIsNeverGivenOutAgainSoItsUsageCannotReappear() {
        String account = Checks.account("business");
        String stranger = Checks.account("business");
        String id = io.headroom.common.id.Ids.next(io.headroom.common.id.Ids.PROJECT);
        String body = "{\"id\":\"" + id + "\",\"name\":\"Shop\"}";
        assertThat(Fixtures.as(Tokens.owner(account)).body(body).post("/v1/accounts/" + account + "/projects")
                .statusCode()).isEqualTo(201);
        assertThat(Fixtures.as(Tokens.owner(account)).delete("/v1/projects/" + id).statusCode()).isEqualTo(204);

        assertProblem(Fixtures.as(Tokens.owner(account)).body(body).post("/v1/accounts/" + account + "/projects"), 409,
                "conflict");
        assertProblem(Fixtures.as(Tokens.owner(stranger)).body(body).post("/v1/accounts/" + stranger + "/projects"),
                409, "conflict");
    }
}
