package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** On staging no quota is enforced: nothing refused, usage counted, {@code X-Headroom-Enforced: false}. */
@QuarkusTest
@TestProfile(StagingResourceTest.Staging.class)
class StagingResourceTest {

    public static class Staging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headroom.environment", "staging");
        }
    }

    @Test
    void stagingRefusesNothingCountsEverythingAndSaysSo() {
        String account = Fixtures.freeIntegrator();
        String first = Fixtures.organization(account);
        Response second = as(Tokens.owner(account)).body("{\"name\":\"Beyond the free tier\"}")
                .post("/integrator/organizations");
        String process = Fixtures.process(account, first);
        Response votes = as(Tokens.owner(account)).body("{\"processId\":\"" + process + "\",\"count\":1500}")
                .post("/integrator/organizations/" + first + "/votes");

        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.header("X-Headroom-Enforced")).isEqualTo("false");
        assertThat(votes.statusCode()).isEqualTo(200);
        Response overview = overview(account);
        assertThat(overview.header("X-Headroom-Enforced")).isEqualTo("false");
        assertThat(overview.jsonPath().getLong("usage.managedOrgs")).isEqualTo(2);
        assertThat(overview.jsonPath().getLong("usage.sentVotes")).isEqualTo(1500);
        assertThat(overview.jsonPath().getLong("limits.maxVotes")).isEqualTo(1000);
    }

    @Test
    void stagingAllowsEveryCheckCountsItAndSaysSo() throws Exception {
        String project = Checks.projectOn("business");
        Checks.awaitRoom(60, 20);

        for (int call = 1; call <= 105; call++) {
            Response answer = Checks.check(project, "api");
            assertThat(answer.statusCode()).as("call %d", call).isEqualTo(200);
            assertThat(answer.jsonPath().getBoolean("allowed")).isTrue();
            assertThat(answer.jsonPath().getBoolean("enforced")).isFalse();
            assertThat(answer.header("X-Headroom-Enforced")).isEqualTo("false");
        }
        Response last = Checks.check(project, "api");
        assertThat(Checks.remainingIn(last, "api_calls")).as("counted past the limit").isZero();
        assertThat(Checks.remainingIn(last, "api_calls_cycle")).isEqualTo(100_000 - 106);
        assertThat(last.header("X-Rate-Limit-Limit")).isEqualTo("100");
    }
}
