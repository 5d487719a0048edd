package org.ccflux.handler.infowriter.internal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A stalled disk on demand: writes to the matching destinations wait on a lane thread until {@link #open()}. */
final class Gate implements InfoWriterHandler.WriteGate {
    private final CountDownLatch open = new CountDownLatch(1);
    private final Predicate<Path> blocks;
    private final AtomicInteger firstOnly;
    /** Writes currently held. */
    final AtomicInteger held = new AtomicInteger();

    private Gate(Predicate<Path> blocks, int firstOnly) {
        this.blocks = blocks;
        this.firstOnly = new AtomicInteger(firstOnly);
    }

    static Gate all() {
        return new Gate(p -> true, Integer.MAX_VALUE);
    }

    static Gate only(Predicate<Path> blocks) {
        return new Gate(blocks, Integer.MAX_VALUE);
    }

    /** Holds the first {@code n} writes, lets the rest through. */
    static Gate first(int n) {
        return new Gate(p -> true, n);
    }

    @Override
    public void beforeWrite(Path target) throws InterruptedException {
        if (blocks.test(target) && firstOnly.getAndDecrement() > 0) {
            held.incrementAndGet();
            try {
                open.await();
            } finally {
                held.decrementAndGet();
            }
        }
    }

    void open() {
        open.countDown();
    }
}
