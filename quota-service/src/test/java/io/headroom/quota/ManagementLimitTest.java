package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The management APIs protect themselves (spec/conventions.md, OWASP API4): a per-account limit
 * per minute, answered with the rate-limit headers; {@code POST /v1/checks} is exempt, and so is the
 * gateway, the platform's own back end, whatever it calls.
 */
@QuarkusTest
@TestProfile(ManagementLimitTest.FivePerMinute.class)
class ManagementLimitTest {

    public static class FivePerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // its own Redis keys: what earlier tests' callers counted this minute does not count here
            return Map.of("headroom.management-limit.per-minute", "5", "headroom.quota.key-prefix", "hr-mgmt-test:");
        }
    }

    @Test
    void theSixthRequestOfAnAccountInAMinuteIsRefusedWithTheSameHeaders() throws Exception {
        String account = Checks.account("business");
        String other = Checks.account("business");
        String sandbox = Checks.sandboxOf(account);
        Checks.awaitRoom(60, 15);

        for (int call = 1; call <= 5; call++) {
            Response allowed = as(Tokens.owner(account)).get("/v1/accounts/" + account);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.header("X-Rate-Limit-Limit")).isEqualTo("5");
            assertThat(allowed.header("X-Rate-Limit-Remaining")).isEqualTo(Integer.toString(5 - call));
            assertThat(allowed.header("RateLimit-Policy")).isEqualTo("\"api_calls\";q=5;w=60");
        }
        Response refused = as(Tokens.member(account)).get("/v1/accounts/" + account);
        Problems.assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("X-Rate-Limit-Type")).isEqualTo("api_calls");
        assertThat(refused.header("X-Rate-Limit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        Problems.assertProblem(as(Tokens.owner(account)).body("{\"metric\":\"redemptions\",\"quantity\":1}")
                .post("/v1/projects/" + sandbox + "/usage"), 429, "rate-limited"); // an owner metering is counted

        assertThat(as(Tokens.owner(other)).get("/v1/accounts/" + other).statusCode())
                .as("another account has its own budget").isEqualTo(200);
        String project = Checks.projectOn("business");
        for (int call = 0; call < 10; call++) {
            assertThat(Checks.check(project, "api").statusCode()).as("checks are exempt").isEqualTo(200);
            assertThat(as(Tokens.gateway()).body("{\"metric\":\"redemptions\",\"quantity\":1}")
                    .post("/v1/projects/" + project + "/usage").statusCode()).as("so is the gateway").isEqualTo(200);
        }
    }
}
