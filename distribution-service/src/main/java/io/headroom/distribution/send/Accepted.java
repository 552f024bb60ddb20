package io.headroom.distribution.send;

import io.headroom.common.ratelimit.RateLimitStatus;

/**
 * What an accepted distribution answers (202 {@code {id, messages, status}}) and the binding
 * window its headers describe (null when the account is unlimited). Kept whole under the
 * request's {@code Idempotency-Key}, so a repeat answers the same.
 */
public record Accepted(String id, int messages, String status, RateLimitStatus rateLimit) {

    /** The response body. */
    public record Body(String id, int messages, String status) {
    }

    public Body body() {
        return new Body(id, messages, status);
    }
}
