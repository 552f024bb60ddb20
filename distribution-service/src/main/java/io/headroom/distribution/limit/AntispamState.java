package io.headroom.distribution.limit;

import java.util.Locale;

/** Where an account stands in the anti-spam check workflow (spec/distribution-service.md §1). */
public enum AntispamState {
    NOT_REQUESTED, PENDING, PASSED, REJECTED;

    /** The state as the API writes it: {@code not_requested}, {@code pending}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state stored or written as {@link #wire()}; null (no check row) is {@link #NOT_REQUESTED}. */
    public static AntispamState of(String wire) {
        return wire == null ? NOT_REQUESTED : valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean passed() {
        return this == PASSED;
    }

    /** A new check may be requested when none is pending or passed. */
    public boolean mayRequest() {
        return this == NOT_REQUESTED || this == REJECTED;
    }
}
