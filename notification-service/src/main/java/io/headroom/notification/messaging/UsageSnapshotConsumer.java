package io.headroom.notification.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.headroom.common.event.DistributionUsage;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.inbox.IdempotentConsumer;
import io.headroom.notification.config.NotificationConfig;
import io.headroom.notification.watch.UsageReading;
import io.headroom.notification.watch.UsageWatcher;
import io.smallrye.mutiny.Uni;

/** Usage readings from quota-service ({@code usage.snapshot}) and distribution-service ({@code distribution.usage}). */
@ApplicationScoped
public class UsageSnapshotConsumer {

    private final IdempotentConsumer consumer;
    private final UsageWatcher watcher;
    private final String consumerName;

    public UsageSnapshotConsumer(IdempotentConsumer consumer, UsageWatcher watcher, NotificationConfig config) {
        this.consumer = consumer;
        this.watcher = watcher;
        this.consumerName = config.consumerName();
    }

    @Incoming("usage-snapshot")
    public Uni<Void> onUsageSnapshot(Object payload) {
        return consumer.consume(consumerName, payload, UsageSnapshot.class, UsageSnapshot.SCHEMA_VERSION,
                snapshot -> watcher.onReading(UsageReading.of(snapshot)));
    }

    @Incoming("distribution-usage")
    public Uni<Void> onDistributionUsage(Object payload) {
        return consumer.consume(consumerName, payload, DistributionUsage.class, DistributionUsage.SCHEMA_VERSION,
                usage -> watcher.onReading(UsageReading.of(usage)));
    }
}
