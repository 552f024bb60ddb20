package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.Topology;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.BrokerProxyResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relay catches up after the broker was unreachable: the service reaches RabbitMQ through a
 * proxy this test cuts, while accounts keep being created (their events wait in the outbox).
 */
@QuarkusTest
@TestProfile(OutboxBrokerOutageTest.BrokerBehindProxy.class)
class OutboxBrokerOutageTest {

    public static class BrokerBehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerProxyResource.class, Map.of("channels", "outbox")));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headroom.outbox.send-timeout", "1s");
        }
    }

    @Test
    void eventsCommittedWhileTheBrokerIsUnreachableArePublishedWhenItReturns() {
        try (BrokerProbe probe = BrokerProbe.connect().listen(Topology.ACCOUNT_CHANGED)) {
            String before = Fixtures.newAccountId();
            assertThat(Fixtures.createAccount(before, "trial").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(before).size() == 1);

            List<String> during = new ArrayList<>();
            BrokerProxyResource.proxy().cut();
            try {
                for (int i = 0; i < 5; i++) {
                    String id = Fixtures.newAccountId();
                    assertThat(Fixtures.createAccount(id, "trial").statusCode()).isEqualTo(201);
                    during.add(id);
                }
                // Nothing can pass while the broker is unreachable.
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> true);
                assertThat(during).allMatch(id -> probe.received(id).isEmpty());
            } finally {
                BrokerProxyResource.proxy().restore();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> during.stream().allMatch(id -> !probe.received(id).isEmpty()));
        }
    }
}
