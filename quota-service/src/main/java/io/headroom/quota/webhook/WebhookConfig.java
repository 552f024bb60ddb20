package io.headroom.quota.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook inbox's delivery settings (keys under {@code headroom.webhooks.}). */
@ConfigMapping(prefix = "headroom.webhooks")
public interface WebhookConfig {

    /** Deliveries tried before a call is {@code failed}. */
    @WithDefault("10")
    int maxAttempts();

    /** The wait after the first failed attempt; each further one doubles it. */
    @WithDefault("10s")
    Duration firstBackoff();

    /** The longest wait between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /**
     * How long a delivery in flight owns its call: if the instance dies meanwhile, the call is
     * queued again once this has passed. Longer than the outbound total timeout and its redirects.
     */
    @WithDefault("2m")
    Duration lease();

    /**
     * How long a queued call's message may stay unclaimed before the call is queued again: longer
     * than any backlog in the queue itself (a backlog waits in PostgreSQL, not in RabbitMQ).
     */
    @WithDefault("10m")
    Duration orphanAfter();

    /** How long delivered and failed calls stay readable before they are deleted. */
    @WithDefault("7d")
    Duration retention();

    /** The routing key that takes a call's message to this service's delivery queue. */
    @WithDefault("quota.webhook-call")
    String routingKey();
}
