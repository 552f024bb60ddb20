package io.headroom.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The configuration of notification-service (keys under {@code headroom.}). */
@ConfigMapping(prefix = "headroom")
public interface NotificationConfig {

    /** The name under which this service records the events it processed (de-duplication key). */
    @WithDefault("notification-service")
    String consumerName();

    /** E-mail delivery. */
    Mail mail();

    /** {@code headroom.mail.*}. */
    interface Mail {

        /** The project's usage page that e-mails link to; {@code {projectId}} is replaced. */
        @WithDefault("https://app.headroom.local/projects/{projectId}/usage")
        String usageUrl();

        /** Attempts before an e-mail is {@code failed}. */
        @WithDefault("12")
        int maxAttempts();

        /** The wait after the first failed attempt; it doubles up to {@link #maxBackoff()}, with up to 20 % jitter. */
        @WithDefault("10s")
        Duration firstBackoff();

        @WithDefault("30m")
        Duration maxBackoff();

        /** How long an attempt owns its e-mail: after it, an instance that died sending is taken over. */
        @WithDefault("2m")
        Duration lease();

        /** E-mails taken per poll. */
        @WithDefault("20")
        int batch();

        /** The longest one SMTP send may take before it counts as failed. */
        @WithDefault("30s")
        Duration sendTimeout();
    }
}
