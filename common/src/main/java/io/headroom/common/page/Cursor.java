package io.headroom.common.page;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import io.headroom.common.problem.Problems;

/**
 * A keyset position in a list ordered by (time, id): opaque to clients (base64url), so the order
 * can change without breaking them.
 */
public record Cursor(Instant after, String afterId) {

    /** The first page. */
    public static final Cursor START = new Cursor(Instant.EPOCH, "");

    /** Page sizes: 1 to 200, default 50. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Pattern AFTER_ID = Pattern.compile("[A-Za-z0-9_-]{0,80}");

    public String encode() {
        String plain = after.toString() + "|" + afterId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; null or empty means the first page, anything unreadable is a 400. */
    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return START;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            Instant after = Instant.parse(plain.substring(0, bar));
            String afterId = plain.substring(bar + 1);
            if (after.isBefore(Instant.EPOCH) || after.isAfter(LATEST) || !AFTER_ID.matcher(afterId).matches()) {
                throw new IllegalArgumentException("not a position this list gives");
            }
            return new Cursor(after, afterId);
        } catch (IllegalArgumentException | DateTimeException | StringIndexOutOfBoundsException e) {
            throw Problems.invalid("cursor", "is not a cursor this list gave");
        }
    }

    /**
     * A page size from the query, checked. Taken as text: JAX-RS answers a query parameter it
     * cannot convert with 404, which would misreport a client's mistake.
     */
    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
