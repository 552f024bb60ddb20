package io.headroom.quota.ratelimit;

/**
 * One counting window of a decision, as the Redis script takes it.
 *
 * <p>A fixed window ({@code lengthSeconds > 0}) is aligned to the clock: the script derives its
 * start from Redis {@code TIME}. A period window ({@code lengthSeconds == 0}) runs from
 * {@code start} to {@code end} (the billing cycle); its count must survive Redis, so the script
 * asks for it to be rebuilt from PostgreSQL when Redis does not hold it.
 *
 * @param limit 0 = unlimited: the window is counted, never refuses
 */
public record Window(LimitType type, String key, long limit, long lengthSeconds, long start, long end) {

    public static Window fixed(LimitType type, String key, long limit, long lengthSeconds) {
        return new Window(type, key, limit, lengthSeconds, 0, 0);
    }

    public static Window period(LimitType type, String key, long limit, long start, long end) {
        return new Window(type, key, limit, 0, start, end);
    }

    public boolean limited() {
        return limit > 0;
    }

    /** Whether the count lives in PostgreSQL too and is rebuilt from it. */
    public boolean durable() {
        return lengthSeconds == 0;
    }

    /** The window's length in seconds. */
    public long seconds() {
        return durable() ? end - start : lengthSeconds;
    }
}
