package io.headroom.common.db;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the columns of a Hibernate Reactive native query's {@code Object[]} rows. */
public final class NativeRows {

    private NativeRows() {
    }

    /** A {@code timestamptz} column, whichever type the driver chose; null stays null. */
    public static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant() : null;
    }

    /** A numeric column as a long; null is 0. */
    public static long longValue(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A numeric column as an int; null is 0. */
    public static int intValue(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }
}
