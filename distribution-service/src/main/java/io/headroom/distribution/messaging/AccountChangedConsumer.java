package io.headroom.distribution.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.IdempotentConsumer;
import io.headroom.distribution.account.AccountProjector;
import io.headroom.distribution.config.DistributionConfig;
import io.smallrye.mutiny.Uni;

/** Keeps this service's account projection current from quota-service's {@code account.changed}. */
@ApplicationScoped
public class AccountChangedConsumer {

    private final IdempotentConsumer consumer;
    private final AccountProjector projector;
    private final String consumerName;

    public AccountChangedConsumer(IdempotentConsumer consumer, AccountProjector projector, DistributionConfig config) {
        this.consumer = consumer;
        this.projector = projector;
        this.consumerName = config.consumerName();
    }

    @Incoming("account-changed")
    public Uni<Void> onAccountChanged(Object payload) {
        return consumer.consume(consumerName, payload, AccountChanged.class, AccountChanged.SCHEMA_VERSION,
                projector::apply);
    }
}
