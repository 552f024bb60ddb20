package io.headroom.common.ratelimit;

import java.util.function.BiConsumer;

/**
 * Writes the rate-limit headers of spec/conventions.md: {@code X-Rate-Limit-Limit},
 * {@code -Remaining}, {@code -Retry}, on a refusal {@code Retry-After} and
 * {@code X-Rate-Limit-Type}, and the IETF fields {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers-10) describing the same window.
 */
public final class RateLimitHeaders {

    public static final String LIMIT = "X-Rate-Limit-Limit";
    public static final String REMAINING = "X-Rate-Limit-Remaining";
    public static final String RETRY = "X-Rate-Limit-Retry";
    public static final String TYPE = "X-Rate-Limit-Type";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    /** Hands each header of {@code status} to {@code header} as (name, value). */
    public static void write(RateLimitStatus status, BiConsumer<String, String> header) {
        header.accept(LIMIT, Long.toString(status.limit()));
        header.accept(REMAINING, Long.toString(status.remaining()));
        header.accept(RETRY, Long.toString(status.retryAt()));
        if (status.denied()) {
            header.accept(RETRY_AFTER, Long.toString(status.retryAfterSeconds()));
            header.accept(TYPE, status.type());
        }
        header.accept(POLICY, "\"" + status.type() + "\";q=" + status.limit() + ";w=" + status.windowSeconds());
        header.accept(STATE, "\"" + status.type() + "\";r=" + status.remaining() + ";t=" + status.secondsToReset());
    }
}
