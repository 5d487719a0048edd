package org.ccflux.handler.files.testing;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stalled disk on demand: writes to the matching destinations wait on their lane until {@link #open()}. Plugs
 * into a handler's write-gate seam as {@code gate::beforeWrite}.
 */
public final class Gate {
    private final CountDownLatch open = new CountDownLatch(1);
    private final Predicate<Path> blocks;
    private final AtomicInteger remaining;
    /** Writes being held now. */
    public final AtomicInteger held = new AtomicInteger();

    private Gate(Predicate<Path> blocks, int first) {
        this.blocks = blocks;
        this.remaining = new AtomicInteger(first);
    }

    /** Holds every write. */
    public static Gate all() {
        return new Gate(p -> true, Integer.MAX_VALUE);
    }

    /** Holds the writes to the destinations {@code blocks} matches. */
    public static Gate only(Predicate<Path> blocks) {
        return new Gate(blocks, Integer.MAX_VALUE);
    }

    /** Holds the first {@code n} writes, lets the rest through. */
    public static Gate first(int n) {
        return new Gate(p -> true, n);
    }

    /** Called on a lane before each write: waits until {@link #open()} if it holds this one. */
    public void beforeWrite(Path destination) throws InterruptedException {
        if (blocks.test(destination) && remaining.getAndDecrement() > 0) {
            held.incrementAndGet();
            try {
                open.await();
            } finally {
                held.decrementAndGet();
            }
        }
    }

    /** Lets every held write (and every later one) through. */
    public void open() {
        open.countDown();
    }
}
