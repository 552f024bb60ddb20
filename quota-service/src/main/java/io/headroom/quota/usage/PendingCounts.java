package io.headroom.quota.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Counts added on the decision path and not yet written to PostgreSQL, by key. Adding never
 * blocks; {@link #drain()} takes every count so far, and what is drained stays visible as
 * in flight until the write {@link #committed committed} or was {@link #restore restored}.
 * {@link #unwritten} may over-count for an instant, never under-count.
 */
final class PendingCounts<K> {

    private final Map<K, LongAdder> pending = new ConcurrentHashMap<>();
    private final Map<K, Long> inFlight = new ConcurrentHashMap<>();

    void add(K key, long amount) {
        pending.computeIfAbsent(key, k -> new LongAdder()).add(amount);
    }

    /** What was added under {@code key} and is not yet written. */
    long unwritten(K key) {
        LongAdder adder = pending.get(key);
        return (adder == null ? 0 : adder.sum()) + inFlight.getOrDefault(key, 0L);
    }

    /** Takes the counts added so far (an add racing with this lands in the next drain, never lost). */
    List<Map.Entry<K, Long>> drain() {
        List<Map.Entry<K, Long>> drained = new ArrayList<>();
        pending.forEach((key, adder) -> {
            long amount = adder.sum();
            if (amount != 0) {
                // in flight first, then out of pending: unwritten() may count it twice for an
                // instant (a rebuild then refuses a little early), never miss it
                inFlight.merge(key, amount, Long::sum);
                adder.add(-amount);
                drained.add(Map.entry(key, amount));
            }
        });
        return drained;
    }

    void committed(List<Map.Entry<K, Long>> drained) {
        drained.forEach(e -> inFlight.computeIfPresent(e.getKey(), (k, v) -> v - e.getValue() == 0 ? null : v - e.getValue()));
    }

    void restore(List<Map.Entry<K, Long>> drained) {
        drained.forEach(e -> add(e.getKey(), e.getValue()));
        committed(drained);
    }

    /** Forgets the empty counters of keys no call will add to any more. */
    void forgetIdle(Predicate<K> finished) {
        pending.entrySet().removeIf(e -> finished.test(e.getKey()) && e.getValue().sum() == 0);
    }
}
