package io.headroom.distribution.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The configuration of distribution-service (keys under {@code headroom.}). */
@ConfigMapping(prefix = "headroom")
public interface DistributionConfig {

    /** {@code production} enforces every limit; on {@code staging} nothing is refused (usage is still counted). */
    @WithDefault("production")
    Environment environment();

    /** The name under which this service records the events it processed (de-duplication key). */
    @WithDefault("distribution-service")
    String consumerName();

    Sms sms();

    Delivery delivery();

    /** Where limits are enforced. */
    enum Environment {
        PRODUCTION, STAGING
    }

    /** The HTTP SMS gateway messages of the {@code sms} channel go through (keys {@code headroom.sms.}). */
    interface Sms {

        /** The gateway's URL; without one, the {@code sms} channel answers 503. */
        Optional<String> gatewayUrl();

        /** Sent as {@code Authorization: Bearer <key>} when set. */
        Optional<String> gatewayKey();
    }

    /** How queued messages are sent (keys {@code headroom.delivery.}). */
    interface Delivery {

        /** Messages taken per batch. */
        @WithDefault("50")
        int batch();

        /** Messages of a batch in flight at once. */
        @WithDefault("8")
        int concurrency();

        /** How long a taken message belongs to the instance sending it; after that it is taken again. */
        @WithDefault("2m")
        Duration lease();

        /** Attempts before a message is {@code failed}. */
        @WithDefault("8")
        int maxAttempts();

        /** The wait after the first failed attempt; it doubles after each further one. */
        @WithDefault("5s")
        Duration firstBackoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /** How long the mail server may take to accept one e-mail. */
        @WithDefault("30s")
        Duration mailTimeout();

        /** How long a graceful stop waits for messages in flight to be sent and recorded. */
        @WithDefault("20s")
        Duration shutdownGrace();
    }
}
