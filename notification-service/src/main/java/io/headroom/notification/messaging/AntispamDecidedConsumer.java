package io.headroom.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.headroom.common.event.AntispamDecided;
import io.headroom.common.inbox.IdempotentConsumer;
import io.headroom.notification.config.NotificationConfig;
import io.headroom.notification.watch.Notifier;
import io.smallrye.mutiny.Uni;

/** Anti-spam decisions from distribution-service: the owner is told by e-mail and in-app. */
@ApplicationScoped
public class AntispamDecidedConsumer {

    private final IdempotentConsumer consumer;
    private final Notifier notifier;
    private final String consumerName;

    public AntispamDecidedConsumer(IdempotentConsumer consumer, Notifier notifier, NotificationConfig config) {
        this.consumer = consumer;
        this.notifier = notifier;
        this.consumerName = config.consumerName();
    }

    @Incoming("antispam-decided")
    public Uni<Void> onAntispamDecided(Object payload) {
        return consumer.consume(consumerName, payload, AntispamDecided.class, AntispamDecided.SCHEMA_VERSION,
                notifier::antispamDecided);
    }
}
