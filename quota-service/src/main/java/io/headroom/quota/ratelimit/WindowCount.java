package io.headroom.quota.ratelimit;

/**
 * A window's count as one decision left it (or found it, if the request was refused).
 *
 * @param resetAt when the window ends, epoch seconds
 */
public record WindowCount(Window window, long used, long resetAt) {

    /** Requests still allowed after this one; {@link Long#MAX_VALUE} for an unlimited window. */
    public long remaining() {
        return window.limited() ? Math.max(0, window.limit() - used) : Long.MAX_VALUE;
    }

    /** Whether a request of {@code cost} did not fit (the count was left untouched). */
    public boolean refuses(long cost) {
        return window.limited() && used + cost > window.limit();
    }

    /** Whether nothing more fits until the window resets. */
    public boolean exhausted() {
        return window.limited() && used >= window.limit();
    }
}
