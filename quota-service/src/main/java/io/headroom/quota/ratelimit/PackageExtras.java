package io.headroom.quota.ratelimit;

import java.time.Instant;

/** What one API package adds to every non-Sandbox project of its account while it is valid. */
public record PackageExtras(long extraPerMinute, long extraPerHour, long extraPerCycle, Instant validFrom,
        Instant validUntil) {

    public boolean validAt(Instant instant) {
        return !instant.isBefore(validFrom) && instant.isBefore(validUntil);
    }
}
