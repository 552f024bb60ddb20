package io.headroom.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The configuration of notification-service (keys under {@code headroom.}). */
@ConfigMapping(prefix = "headroom")
public interface NotificationConfig {

    /** The name under which this service records the events it processed (de-duplication key). */
    @WithDefault("notification-service")
    String consumerName();
}
