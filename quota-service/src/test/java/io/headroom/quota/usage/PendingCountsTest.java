package io.headroom.quota.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class PendingCountsTest {

    private final PendingCounts<String> counts = new PendingCounts<>();

    @Test
    void addedAmountsAreUnwrittenPerKey() {
        counts.add("a", 2);
        counts.add("a", 3);
        counts.add("b", 1);

        assertThat(counts.unwritten("a")).isEqualTo(5);
        assertThat(counts.unwritten("b")).isEqualTo(1);
        assertThat(counts.unwritten("c")).isZero();
    }

    @Test
    void aDrainTakesEverythingAddedSoFarOnce() {
        counts.add("a", 2);
        counts.add("a", 3);
        counts.add("b", 1);

        assertThat(counts.drain()).containsExactlyInAnyOrder(Map.entry("a", 5L), Map.entry("b", 1L));
        assertThat(counts.drain()).isEmpty();
    }

    @Test
    void aKeyWithNothingNewIsNotDrained() {
        counts.add("a", 2);
        counts.drain();
        counts.add("b", 1);

        assertThat(counts.drain()).containsExactly(Map.entry("b", 1L));
    }

    @Test
    void aDrainedAmountStaysUnwrittenUntilCommitted() {
        counts.add("a", 5);
        List<Map.Entry<String, Long>> drained = counts.drain();

        assertThat(counts.unwritten("a")).isEqualTo(5);
        counts.add("a", 2);
        assertThat(counts.unwritten("a")).isEqualTo(7);

        counts.committed(drained);
        assertThat(counts.unwritten("a")).isEqualTo(2);
    }

    @Test
    void committingAnOlderDrainLeavesALaterOneUnwritten() {
        counts.add("a", 5);
        List<Map.Entry<String, Long>> first = counts.drain();
        counts.add("a", 3);
        List<Map.Entry<String, Long>> second = counts.drain();

        assertThat(counts.unwritten("a")).isEqualTo(8);
        counts.committed(first);
        assertThat(counts.unwritten("a")).isEqualTo(3);
        counts.committed(second);
        assertThat(counts.unwritten("a")).isZero();
    }

    @Test
    void aRestoredDrainIsUnwrittenOnceAndDrainedAgain() {
        counts.add("a", 5);
        List<Map.Entry<String, Long>> drained = counts.drain();
        counts.add("a", 1);

        counts.restore(drained);

        assertThat(counts.unwritten("a")).isEqualTo(6);
        assertThat(counts.drain()).containsExactly(Map.entry("a", 6L));
        assertThat(counts.unwritten("a")).isEqualTo(6);
    }

    @Test
    void forgettingIdleKeysKeepsWhatIsStillPending() {
        counts.add("a", 5);
        counts.add("b", 1);
        counts.committed(counts.drain());
        counts.add("a", 2);

        counts.forgetIdle(key -> true);

        assertThat(counts.unwritten("a")).isEqualTo(2);
        assertThat(counts.drain()).containsExactly(Map.entry("a", 2L));
    }

    @Test
    void concurrentAddsAreDrainedExactlyOnceNoneLostNoneTwice() throws Exception {
        int threads = 8;
        int addsPerThread = 50_000;
        String[] keys = {"k0", "k1", "k2", "k3"};
        Map<String, Long> expected = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < addsPerThread; i++) {
                expected.merge(keys[(t + i) % keys.length], (long) (i % 7 + 1), Long::sum);
            }
        }

        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean addersDone = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, Long> drained = new HashMap<>();
        int[] drains = {0};
        Thread drainer = new Thread(() -> {
            try {
                start.await();
                while (!addersDone.get()) {
                    List<Map.Entry<String, Long>> batch = counts.drain();
                    batch.forEach(e -> drained.merge(e.getKey(), e.getValue(), Long::sum));
                    counts.committed(batch);
                    drains[0]++;
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "drainer");
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            adders.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < addsPerThread; i++) {
                        counts.add(keys[(thread + i) % keys.length], i % 7 + 1);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "adder-" + t));
        }
        drainer.start();
        adders.forEach(Thread::start);

        start.countDown();
        for (Thread adder : adders) {
            adder.join(TimeUnit.SECONDS.toMillis(60));
        }
        addersDone.set(true);
        drainer.join(TimeUnit.SECONDS.toMillis(60));
        List<Map.Entry<String, Long>> last = counts.drain();
        last.forEach(e -> drained.merge(e.getKey(), e.getValue(), Long::sum));
        counts.committed(last);

        assertThat(failure.get()).isNull();
        assertThat(drainer.isAlive()).isFalse();
        assertThat(drains[0]).isPositive();
        assertThat(drained).isEqualTo(expected);
        for (String key : keys) {
            assertThat(counts.unwritten(key)).as(key).isZero();
        }
    }
}
