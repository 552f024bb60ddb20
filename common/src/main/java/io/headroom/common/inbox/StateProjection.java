package io.headroom.common.inbox;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A row that holds the latest state an event carried (spec/events.md: {@code account.changed} and
 * {@code usage.snapshot} are states, not deltas). An older state arriving after a newer one is
 * ignored.
 */
public interface StateProjection {

    /** {@code occurredAt} of the event the row's state comes from. */
    Instant stateAt();

    /**
     * Applies a state that occurred at {@code occurredAt} to {@code current} (null: no row yet, one
     * is made by {@code fresh} and persisted), unless the row already holds a newer state. Runs
     * inside the consumer's transaction. True when the state was applied, false when it was older.
     */
    static <P extends PanacheEntityBase & StateProjection> Uni<Boolean> applyNewest(Uni<P> current, Supplier<P> fresh,
            Instant occurredAt, Consumer<P> update) {
        return current.chain(existing -> {
            if (existing != null && existing.stateAt().isAfter(occurredAt)) {
                return Uni.createFrom().item(false);
            }
            P row = existing != null ? existing : fresh.get();
            update.accept(row);
            return existing != null ? Uni.createFrom().item(true) : row.persist().replaceWith(true);
        });
    }
}
