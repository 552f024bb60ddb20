package io.headroom.quota.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The defaults spec/quota-service.md §3 and §6 and conventions.md fix, as the service ships them:
 * its application.properties read in the production profile.
 */
class CheckDefaultsTest {

    private final SmallRyeConfig shipped = shipped();
    private final QuotaConfig.Checks defaults = shipped.getConfigMapping(QuotaConfig.class).quota();

    private static SmallRyeConfig shipped() {
        try {
            return new SmallRyeConfigBuilder().withProfile("prod").withMapping(QuotaConfig.class)
                    .withValidateUnknown(false).withConverter(Duration.class, 200, new DurationConverter())
                    .withSources(new PropertiesConfigSource(
                            CheckDefaultsTest.class.getClassLoader().getResource("application.properties"), 250))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theManagementApisAllowSixHundredRequestsAMinutePerAccount() {
        assertThat(shipped.getValue("headroom.management-limit.per-minute", Long.class)).isEqualTo(600);
    }

    @Test
    void redisGetsFiftyMillisecondsAndFailsOpen() {
        assertThat(defaults.redisTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.redisFailure()).isEqualTo(QuotaConfig.RedisFailure.OPEN);
    }

    @Test
    void theSandboxHasOneHundredCallsAnHour() {
        assertThat(defaults.sandboxCallsPerHour()).isEqualTo(100);
    }

    @Test
    void countsAreWrittenAndSnapshotsPublishedEverySecondAtMost() {
        assertThat(defaults.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    }
}
