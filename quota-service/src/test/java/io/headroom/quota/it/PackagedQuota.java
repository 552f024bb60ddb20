package io.headroom.quota.it;

import io.headroom.common.testing.PackagedInstance;

/**
 * quota-service as its failsafe ITs start it ({@link PackagedInstance}): the test database and the
 * overrides that keep the packaged instances (production profile) off the queues of a running dev
 * suite and of the QuarkusTests: their own routing key and queue for webhook calls, no management
 * limit, private addresses allowed for the local webhook target.
 */
final class PackagedQuota {

    static final PackagedInstance.Service SERVICE = PackagedInstance.service("headroom_quota_test",
            "-Dheadroom.management-limit.per-minute=0",
            "-Dheadroom.outbound.allow-private-addresses=true",
            "-Dheadroom.webhooks.routing-key=it.quota.webhook-call",
            "-Dmp.messaging.incoming.webhook-calls.queue.name=it.quota.webhook-calls",
            "-Dmp.messaging.incoming.webhook-calls.dead-letter-queue-name=it.quota.webhook-calls.dlq",
            "-Dmp.messaging.incoming.webhook-calls.dead-letter-routing-key=it.quota.webhook-calls");

    private PackagedQuota() {
    }

    /** Starts an instance logging to {@code target/<logName>.log}, with {@code overrides} last. */
    static PackagedInstance start(String logName, String... overrides) throws Exception {
        return SERVICE.start(logName, overrides);
    }
}
