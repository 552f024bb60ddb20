package io.headroom.common.lifecycle;

import java.time.Duration;

/**
 * The time a batch taken from a queue table belongs to this instance. It starts before the batch
 * is taken, so it ends no later than the lease the database granted; once it ends, another
 * instance may take the same rows. A sender starts an item only while the lease {@link #covers}
 * the longest the item may take, and gives the others back: so two instances never send one item
 * at the same time, however slow a batch turns out.
 */
public final class Lease {

    private final long endsAtNanos;

    private Lease(long endsAtNanos) {
        this.endsAtNanos = endsAtNanos;
    }

    public static Lease startingNow(Duration length) {
        return new Lease(System.nanoTime() + length.toNanos());
    }

    /** Whether work started now, taking at most {@code longest}, ends before the lease does. */
    public boolean covers(Duration longest) {
        return endsAtNanos - System.nanoTime() > longest.toNanos();
    }
}
