package io.headroom.distribution.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The configuration of distribution-service (keys under {@code headroom.}). */
@ConfigMapping(prefix = "headroom")
public interface DistributionConfig {

    /** {@code production} enforces every limit; on {@code staging} nothing is refused. */
    @WithDefault("production")
    Environment environment();

    /** The name under which this service records the events it processed (de-duplication key). */
    @WithDefault("distribution-service")
    String consumerName();

    /** Where limits are enforced. */
    enum Environment {
        PRODUCTION, STAGING
    }
}
