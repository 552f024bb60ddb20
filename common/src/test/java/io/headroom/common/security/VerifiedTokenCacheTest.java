package io.headroom.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(3, clock);

    @Test
    void aVerifiedTokenIsReusedUntilItsExpiryAndNeverPast() {
        cache.put("token-a", "alice", NOW.plusSeconds(60).getEpochSecond());
        assertThat(cache.get("token-a")).isEqualTo("alice");

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("token-a")).isEqualTo("alice");

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("token-a")).isNull();
    }

    @Test
    void anUnknownOrAlreadyExpiredTokenIsNotServed() {
        cache.put("late", "bob", NOW.minusSeconds(1).getEpochSecond());
        assertThat(cache.get("late")).isNull();
        assertThat(cache.get("never-seen")).isNull();
    }

    @Test
    void theCacheStaysWithinItsCapacityDroppingExpiredEntriesFirst() {
        cache.put("short", "s", NOW.plusSeconds(5).getEpochSecond());
        cache.put("b", "b", NOW.plusSeconds(600).getEpochSecond());
        cache.put("c", "c", NOW.plusSeconds(600).getEpochSecond());
        clock.advance(Duration.ofSeconds(10));

        cache.put("d", "d", NOW.plusSeconds(600).getEpochSecond());

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b")).isEqualTo("b");
        assertThat(cache.get("c")).isEqualTo("c");
        assertThat(cache.get("d")).isEqualTo("d");

        cache.put("e", "e", NOW.plusSeconds(600).getEpochSecond());
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.get("e")).isEqualTo("e");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
