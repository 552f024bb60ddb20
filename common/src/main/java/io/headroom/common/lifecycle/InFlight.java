package io.headroom.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work a background sender has in flight, so that a graceful stop takes no new work and lets
 * what was started finish and record its outcome (a restart then sends nothing twice).
 * {@link #enter()} counts before it checks for a stop, so a stop cannot miss work starting at once.
 */
public final class InFlight {

    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    /** Whether new work may start; when it answers true, {@link #leave()} must follow when the work ends. */
    public boolean enter() {
        running.incrementAndGet();
        if (stopping) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Whether a stop began: work in flight should start nothing more that it could give back. */
    public boolean stopping() {
        return stopping;
    }

    public void leave() {
        running.decrementAndGet();
    }

    /** Takes no new work and waits up to {@code grace} for the work in flight; how much is left running. */
    public int stopAndDrain(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.get();
    }
}
