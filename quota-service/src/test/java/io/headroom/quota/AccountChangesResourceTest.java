package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.event.Topology;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Account changes, custom limits and projects; each change announces account.changed. */
@QuarkusTest
class AccountChangesResourceTest {

    private BrokerProbe probe;

    @BeforeEach
    void listen() {
        probe = BrokerProbe.connect().listen(Topology.ACCOUNT_CHANGED);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void aPlanChangeAppliesAtOnceAndIsAnnounced() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "business");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(id).size() == 1);

        Response changed = asAdmin().body("{\"plan\":\"organization\"}").patch("/v1/accounts/" + id);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.jsonPath().getString("plan")).isEqualTo("organization");
        assertThat(changed.jsonPath().getLong("limits.apiCallsPerMinute")).isEqualTo(2_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(id).size() == 2);
        assertThat(probe.received(id).get(1)).contains("\"plan\":\"organization\"", "\"webhookCallsPerDay\":288000");
    }

    @Test
    void customLimitsReplaceThePlansValuesAndZeroMeansUnlimited() {
        String id = Fixtures.newAccountId();
        Response created = asAdmin().body("""
                {"id":"%s","name":"Big","ownerEmail":"o@big.test","plan":"business",
                 "customLimits":{"apiCallsPerMinute":300,"apiCallsPerCycle":0}}
                """.formatted(id)).post("/v1/accounts");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getLong("limits.apiCallsPerMinute")).isEqualTo(300);
        assertThat(created.jsonPath().getLong("limits.apiCallsPerCycle")).isZero();
        assertThat(created.jsonPath().getLong("limits.bulkApiCallsPerHour")).isEqualTo(100);
        assertThat(created.jsonPath().getLong("limits.webhookCallsPerDay")).isEqualTo(144_000);
        assertThat(created.jsonPath().getMap("customLimits")).containsOnlyKeys("apiCallsPerMinute", "apiCallsPerCycle");
    }

    @Test
    void anEnterpriseAccountTakesOrganizationValuesAndDerivesItsWebhookBucketFromItsMinuteLimit() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "enterprise");

        Response changed = asAdmin().body("{\"customLimits\":{\"apiCallsPerMinute\":5000}}")
                .patch("/v1/accounts/" + id);

        assertThat(changed.jsonPath().getLong("limits.apiCallsPerMinute")).isEqualTo(5_000);
        assertThat(changed.jsonPath().getLong("limits.apiCallsPerCycle")).isEqualTo(300_000);
        assertThat(changed.jsonPath().getLong("limits.webhookCallsPerDay")).isEqualTo(5_000 * 1_440);
        Response cleared = asAdmin().body("{\"customLimits\":{}}").patch("/v1/accounts/" + id);
        assertThat(cleared.jsonPath().getLong("limits.webhookCallsPerDay")).isEqualTo(2_000 * 1_440);
    }

    @Test
    void absurdOrNegativeLimitsAndUnknownAccountsAreRefused() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "business");

        assertProblem(asAdmin().body("{\"customLimits\":{\"apiCallsPerMinute\":-1}}").patch("/v1/accounts/" + id),
                400, "validation");
        assertProblem(asAdmin().body("{\"customLimits\":{\"apiCallsPerMinute\":10000000000000}}")
                .patch("/v1/accounts/" + id), 400, "validation");
        assertProblem(asAdmin().body("{\"timezone\":\"Nowhere/Land\"}").patch("/v1/accounts/" + id),
                400, "validation");
        assertProblem(asAdmin().body("{\"plan\":\"business\"}").patch("/v1/accounts/acc_missing"), 404, "not-found");
        assertProblem(as(Tokens.owner(id)).body("{\"plan\":\"enterprise\"}").patch("/v1/accounts/" + id),
                403, "forbidden");
    }

    @Test
    void theOwnerManagesProjectsAndEachChangeIsAnnounced() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "business");
        String owner = Tokens.owner(id);

        Response created = as(owner).body("{\"name\":\"Shop\"}").post("/v1/accounts/" + id + "/projects");
        String project = created.jsonPath().getString("id");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getBoolean("sandbox")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(id).size() == 2);
        assertThat(probe.received(id).get(1)).contains(project);
        Response page = as(owner).queryParam("limit", 1).get("/v1/accounts/" + id + "/projects");
        assertThat(page.jsonPath().getList("items")).hasSize(1);
        assertThat(page.jsonPath().getString("items[0].name")).isEqualTo("Sandbox");
        Response rest = as(owner).queryParam("cursor", page.jsonPath().getString("nextCursor"))
                .get("/v1/accounts/" + id + "/projects");
        assertThat(rest.jsonPath().getList("items.id")).containsExactly(project);

        as(owner).delete("/v1/projects/" + project).then().statusCode(204);
        assertProblem(as(owner).get("/v1/projects/" + project), 404, "not-found");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(id).size() == 3);
        assertThat(probe.received(id).get(2)).doesNotContain(project);
    }

    @Test
    void theSandboxProjectCannotBeDeleted() {
        String id = Fixtures.newAccountId();
        String sandbox = Fixtures.createAccount(id, "trial").jsonPath().getString("projects[0].id");

        assertProblem(as(Tokens.owner(id)).delete("/v1/projects/" + sandbox), 409, "conflict");
    }

    @Test
    void projectRolesDecideWhoSeesAProject() {
        String id = Fixtures.newAccountId();
        Fixtures.createAccount(id, "business");
        String project = as(Tokens.owner(id)).body("{\"name\":\"Shop\"}").post("/v1/accounts/" + id + "/projects")
                .jsonPath().getString("id");

        as(Tokens.member(id, Map.of(project, "admin"))).get("/v1/projects/" + project).then().statusCode(200);
        as(Tokens.member(id, Map.of(project, "viewer"))).get("/v1/projects/" + project).then().statusCode(200);
        assertProblem(as(Tokens.member(id)).get("/v1/projects/" + project), 403, "forbidden");
        assertProblem(as(Tokens.owner("acc_stranger")).get("/v1/projects/" + project), 404, "not-found");
        assertProblem(as(Tokens.member(id, Map.of(project, "admin"))).delete("/v1/projects/" + project),
                403, "forbidden");
        assertThat(List.of(as(Tokens.owner(id)).get("/v1/projects/" + project).statusCode())).containsExactly(200);
    }
}
