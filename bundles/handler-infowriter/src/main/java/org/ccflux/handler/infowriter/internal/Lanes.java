package org.ccflux.handler.infowriter.internal;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler's own threads: {@code worker-threads} single-thread lanes, each behind a bounded queue. A
 * destination path always hashes to the same lane, so two messages for one file are written one after the
 * other, in arrival order (CC handed them round-robin to workers, where they could race: §12.17).
 *
 * <p>A new set of lanes (after {@code worker-threads} changed) starts with a barrier on each thread that waits
 * until the previous set has written everything it had queued; only then does it take its own queue. So
 * per-file order survives a live change of the lane count, and no accepted message is lost.
 */
final class Lanes {
    enum Offer { ACCEPTED, FULL, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    private static final AtomicInteger GENERATIONS = new AtomicInteger();

    private final String name;
    private final ThreadPoolExecutor[] lanes;
    /** The set these lanes wait for; cleared once it has terminated. */
    private volatile Lanes previous;

    /**
     * @param capacity messages waiting in all lanes together, split evenly (at least one per lane)
     * @param previous the set being replaced, already shut down or about to be; null for the first set
     */
    Lanes(String name, int count, int capacity, Lanes previous) {
        this.name = name;
        this.previous = previous;
        int perLane = Math.max(1, (capacity + count - 1) / count);
        int generation = GENERATIONS.incrementAndGet();
        lanes = new ThreadPoolExecutor[count];
        for (int i = 0; i < count; i++) {
            String thread = "ccflux-infowriter-" + name + "-" + generation + "." + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(perLane), r -> {
                Thread t = new Thread(r, thread);
                t.setDaemon(true); // never keeps a JVM alive; deactivate stops them anyway
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
            if (previous != null) {
                // The lane's first task (it starts the thread, it takes no queue slot): wait for the old set.
                lanes[i].execute(this::awaitPrevious);
            }
        }
    }

    int count() {
        return lanes.length;
    }

    /** Queues {@code task} on the lane of {@code destination}; never blocks. */
    Offer offer(Path destination, Runnable task) {
        ThreadPoolExecutor lane = lanes[index(destination, lanes.length)];
        try {
            lane.execute(task);
            return Offer.ACCEPTED;
        } catch (RejectedExecutionException e) {
            return lane.isShutdown() ? Offer.CLOSED : Offer.FULL;
        }
    }

    /** @return the lane of {@code destination} among {@code count} */
    static int index(Path destination, int count) {
        int h = destination.hashCode();
        return Math.floorMod(h ^ (h >>> 16), count);
    }

    /** Stops taking messages; everything already queued is still written. */
    void shutdown() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
    }

    /**
     * Shuts down, waits up to {@code millis} for the queued messages (of the previous sets too) to be written,
     * then interrupts what is left.
     *
     * @return the number of queued messages abandoned
     */
    int close(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        Lanes before = previous;
        int abandoned = before != null ? before.close(millis) : 0;
        shutdown();
        for (ThreadPoolExecutor lane : lanes) {
            if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                abandoned += lane.shutdownNow().size();
                lane.awaitTermination(1, TimeUnit.SECONDS); // a write blocked in the kernel may not see the interrupt
            }
        }
        return abandoned;
    }

    private boolean terminated() throws InterruptedException {
        for (ThreadPoolExecutor lane : lanes) {
            if (!lane.awaitTermination(1, TimeUnit.MINUTES)) {
                return false;
            }
        }
        return true;
    }

    private void awaitPrevious() {
        Lanes before = previous;
        try {
            while (before != null && !before.terminated()) {
                LOG.warn("infowriter {}: still waiting for the previous worker threads to finish their queued files", name);
            }
            previous = null; // let the old set be collected
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the queue is being abandoned anyway
        }
    }
}
