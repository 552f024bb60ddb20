package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.Topology;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.outbox.OutboxRelay;
import io.headroom.common.testing.BrokerProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/** The transactional outbox against the real broker: exactly once after commit, nothing after rollback. */
@QuarkusTest
class OutboxResourceTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

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
    void aCommittedAccountPublishesAccountChangedExactlyOnce() {
        String id = Fixtures.newAccountId();
        assertThat(Fixtures.createAccount(id, "business").statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received(id).size() == 1);
        waitForTwoMoreRelayRounds();
        List<String> events = probe.received(id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).contains("\"schemaVersion\":1", "\"plan\":\"business\"", "\"sandbox\":true");
    }

    @Test
    void aRolledBackChangePublishesNothing() throws Throwable {
        String id = Fixtures.newAccountId();
        AccountChanged event = AccountChanged.of(Instant.now(), id, "Rolled back", "o@x.test", "trial", "current",
                Instant.now(), "UTC", 1, new AccountChanged.PlanLimits(10, 100, 144_000), List.of());

        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.add(event)
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails")))));
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        waitForTwoMoreRelayRounds();

        assertThat(probe.received(id)).isEmpty();
        assertThat(unsentRows(event.eventId())).isZero();
    }

    @Test
    void anEventOutsideATransactionIsRefused() {
        AccountChanged event = AccountChanged.of(Instant.now(), Fixtures.newAccountId(), "x", "o@x.test", "trial",
                "current", Instant.now(), "UTC", 1, new AccountChanged.PlanLimits(0, 0, 0), List.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> outbox.add(event))))
                .isInstanceOf(IllegalStateException.class);
    }

    private long unsentRows(String eventId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> io.headroom.common.outbox.OutboxMessage.count("id = ?1", java.util.UUID.fromString(eventId))));
    }

    private void waitForTwoMoreRelayRounds() {
        long target = relay.rounds() + 2;
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.rounds() >= target);
    }
}
