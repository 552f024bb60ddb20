package io.headroom.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** spec/conventions.md: the management APIs allow 600 requests per minute per account by default. */
class ManagementLimitConfigTest {

    @Test
    void theDefaultIsSixHundredPerMinute() {
        ManagementLimitConfig config = new SmallRyeConfigBuilder().withMapping(ManagementLimitConfig.class).build()
                .unwrap(SmallRyeConfig.class).getConfigMapping(ManagementLimitConfig.class);
        assertThat(config.perMinute()).isEqualTo(600);
    }
}
