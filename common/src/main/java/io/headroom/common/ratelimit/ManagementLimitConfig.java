package io.headroom.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-caller limit of the management APIs (keys under {@code headroom.management-limit.}). */
@ConfigMapping(prefix = "headroom.management-limit")
public interface ManagementLimitConfig {

    /** Requests per minute per account (per subject for callers without one); 0 turns the limit off. */
    @WithDefault("600")
    long perMinute();
}
