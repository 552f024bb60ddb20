package io.headroom.common.ratelimit;

/**
 * Where a caller stands in the binding window of a rate-limit decision: what the headers of
 * spec/conventions.md describe.
 *
 * @param type          the window's limit type ({@code api_calls}, {@code client_calls}, ...)
 * @param limit         the window's limit
 * @param remaining     requests still allowed in the window after this one
 * @param resetAt       when the window resets, epoch seconds
 * @param windowSeconds the window's length, for {@code RateLimit-Policy}
 * @param denied        whether this request was refused
 * @param nowMillis     the decision's time, epoch milliseconds
 */
public record RateLimitStatus(String type, long limit, long remaining, long resetAt, long windowSeconds,
        boolean denied, long nowMillis) {

    /** Epoch seconds when the next request can be made: now while some remain, else the reset. */
    public long retryAt() {
        return !denied && remaining > 0 ? nowMillis / 1000 : resetAt;
    }

    /** Whole seconds until {@link #retryAt()}, at least 1 (the value of {@code Retry-After}). */
    public long retryAfterSeconds() {
        return Math.max(1, secondsUntil(resetAt));
    }

    /** Whole seconds until the window resets, rounded up, 0 if it has. */
    public long secondsToReset() {
        return Math.max(0, secondsUntil(resetAt));
    }

    private long secondsUntil(long epochSeconds) {
        long millis = epochSeconds * 1000 - nowMillis;
        return Math.floorDiv(millis + 999, 1000);
    }
}
