package io.headroom.common.page;

import java.util.List;
import java.util.function.Function;

/** One page of a list endpoint (spec/conventions.md): {@code items} and an opaque {@code nextCursor}, null at the end. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page of {@code limit} items from {@code rows}, which were read with one row more than
     * the limit: that extra row tells whether a next page exists.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, Cursor> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? cursorOf.apply(shown.get(shown.size() - 1)).encode() : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
