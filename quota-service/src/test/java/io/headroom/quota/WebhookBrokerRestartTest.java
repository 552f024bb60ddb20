package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.OwnRabbit;
import io.headroom.common.testing.RecordingTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Nothing lost across a broker restart (spec/quota-service.md §5): the service talks to a RabbitMQ
 * node of the test's own, which is restarted while accepted calls wait in its queue and while
 * deliveries are in flight; calls accepted while it is down wait in the outbox. Afterwards every
 * call reaches the target, and none twice.
 */
@QuarkusTest
@TestProfile(WebhookBrokerRestartTest.OwnBroker.class)
class WebhookBrokerRestartTest {

    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnRabbit.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headroom.outbox.send-timeout", "1s");
        }
    }

    @Test
    void callsAcceptedBeforeAndDuringABrokerRestartAreAllDeliveredOnce() {
        String account = Checks.account("business");
        String project = Checks.project(account);
        try (RecordingTarget target = RecordingTarget.start().delay(300)) {
            Webhooks.target(account, project, target.url("/restart"));
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                accepted.add(Webhooks.accepted(project, "{\"n\":" + i + "}"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> target.hits("/restart").size() >= 5);

            OwnRabbit.stopNode();
            try {
                for (int i = 40; i < 45; i++) { // the outbox keeps them until the broker is back
                    accepted.add(Webhooks.accepted(project, "{\"n\":" + i + "}"));
                }
            } finally {
                OwnRabbit.startNode();
            }

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> accepted.stream().allMatch(id -> "delivered".equals(Webhooks.status(project, id))));
            assertThat(target.hits("/restart")).extracting(RecordingTarget.Hit::webhookId)
                    .containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(accepted).allSatisfy(id -> assertThat(Webhooks.call(project, id).jsonPath().getInt("attempts"))
                    .isEqualTo(1));
        }
    }
}
