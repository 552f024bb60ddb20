package io.headroom.distribution;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * The service's clock in tests: the system clock until a test {@link #set sets} an instant (to
 * stand just before a midnight, say), back to the system clock on {@link #reset}. Only the
 * service's own decisions read it (periods, counts); the database and the token checks keep real time.
 */
@ApplicationScoped
public class TestClock {

    private static volatile Instant fixed;

    public static void set(Instant instant) {
        fixed = instant;
    }

    public static void reset() {
        fixed = null;
    }

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant now = fixed;
                return now == null ? Instant.now() : now;
            }
        };
    }
}
