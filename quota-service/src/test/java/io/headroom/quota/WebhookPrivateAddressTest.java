package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.headroom.quota.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.RecordingTarget;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Server-side request forgery (spec/conventions.md, "Outbound HTTP"; OWASP API7) with the production
 * setting: a target written as a private address is refused when it is set, and a host name that
 * resolves to one is refused when a delivery would go out: the call fails at once, nothing is sent.
 */
@QuarkusTest
@TestProfile(WebhookPrivateAddressTest.ProductionOutbound.class)
class WebhookPrivateAddressTest {

    public static class ProductionOutbound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headroom.outbound.allow-private-addresses", "false");
        }
    }

    @Test
    void privateAddressesAreRefusedWhenSetAndWhenResolved() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        String path = "/v1/projects/" + project + "/webhook-target";
        try (RecordingTarget target = RecordingTarget.start()) {
            for (String url : new String[] {target.url("/x"), "http://10.0.0.8/hook", "http://169.254.169.254/latest",
                    "http://[::1]:8080/"}) {
                Response refused = as(Tokens.owner(account)).body("{\"url\":\"" + url + "\"}").put(path);
                assertProblem(refused, 400, "validation");
                assertThat(refused.asString()).contains("private");
            }

            String byName = target.url("/x").replace("127.0.0.1", "localhost");
            Webhooks.target(account, project, byName);
            String id = Webhooks.accepted(project, "{}");

            await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(Webhooks.status(project, id)));
            Response call = Webhooks.call(project, id);
            assertThat(call.jsonPath().getInt("attempts")).isEqualTo(1);
            assertThat(call.jsonPath().getString("lastError")).contains("private");
            assertThat(target.hits("/x")).isEmpty();
        }
    }
}
