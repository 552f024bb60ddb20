package io.headroom.common.ratelimit;

import io.smallrye.mutiny.Uni;

/**
 * Counts one request of a caller against the management-API limit (spec/conventions.md, OWASP
 * API4). A service with shared counters (Redis) provides one that holds across instances; the
 * default, {@link LocalManagementLimiter}, holds per instance.
 */
public interface ManagementLimiter {

    /**
     * Takes one request of {@code callerKey} within {@code limit} per {@code windowSeconds}; the
     * resulting status, or null when the limiter cannot tell (the request then goes through).
     */
    Uni<RateLimitStatus> take(String callerKey, long limit, long windowSeconds);
}
