package org.ccflux.handler.files;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of {@link Lanes} and its queue. The queue is bounded by admission ({@code capacity} jobs and
 * {@code byteCapacity} bytes; an empty lane takes any one job), not by the collection, so that a maintenance request
 * (at most one per batch of jobs) and the stop marker always find room: a full lane never misses its maintenance or
 * its stop.
 */
final class Lane<J> implements Runnable {
    /** Lanes' category: one logger name for the public type operators know. */
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    private static final Object STOP = new Object();

    final Thread thread;
    private final Lanes<J> owner;
    private final Lanes.Worker<J> worker;
    private final int capacity;
    private final long byteCapacity;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Guarded by this. */
    private boolean accepting = true;
    /** The maintenance request queued and not yet run; guarded by this. */
    private CompletableFuture<Void> maintenance;
    /** A job was queued after {@link #maintenance}; guarded by this. */
    private boolean jobSinceMaintenance;
    /** Jobs dropped when a forced stop interrupted this lane; read after the thread ended. */
    private volatile int abandoned;

    private record Queued<J>(J job, long bytes) {
    }

    Lane(Lanes<J> owner, String threadName, Lanes.Worker<J> worker, int capacity, long byteCapacity) {
        this.owner = owner;
        this.worker = worker;
        this.capacity = capacity;
        this.byteCapacity = byteCapacity;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true); // never keeps a JVM alive; the handler closes the lanes anyway
    }

    synchronized Lanes.Offer offer(J job, long bytes) {
        if (!accepting) {
            return Lanes.Offer.CLOSED;
        }
        int n = queued.get();
        if (n > 0 && (n >= capacity || queuedBytes.get() + bytes > byteCapacity)) {
            return Lanes.Offer.FULL;
        }
        queued.incrementAndGet();
        queuedBytes.addAndGet(bytes);
        queue.add(new Queued<>(job, bytes));
        jobSinceMaintenance = true;
        return Lanes.Offer.ACCEPTED;
    }

    /** Queues a maintenance request behind the jobs queued so far, unless one is already waiting behind them. */
    synchronized CompletableFuture<Void> maintain() {
        if (!accepting) {
            return CompletableFuture.completedFuture(null);
        }
        if (maintenance == null || jobSinceMaintenance) {
            maintenance = new CompletableFuture<>();
            jobSinceMaintenance = false;
            queue.add(maintenance);
        }
        return maintenance;
    }

    synchronized void shutdown() {
        if (accepting) {
            accepting = false;
            queue.add(STOP);
        }
    }

    int abandoned() {
        return abandoned;
    }

    @Override
    public void run() {
        Queued<J> current = null;
        try {
            owner.awaitPrevious();
            guarded("starting", worker::start);
            owner.started();
            for (Object item = queue.take(); item != STOP; item = queue.take()) {
                if (item instanceof Queued<?>) {
                    @SuppressWarnings("unchecked")
                    Queued<J> q = (Queued<J>) item;
                    queued.decrementAndGet();
                    queuedBytes.addAndGet(-q.bytes());
                    current = q;
                    try {
                        worker.process(q.job());
                    } catch (RuntimeException e) {
                        LOG.error("{}: a job on {} failed", owner.owner(), thread.getName(), e); // never let one job stop the lane
                    }
                    current = null;
                } else {
                    @SuppressWarnings("unchecked")
                    CompletableFuture<Void> m = (CompletableFuture<Void>) item;
                    synchronized (this) {
                        if (maintenance == m) {
                            maintenance = null;
                        }
                    }
                    guarded("maintenance of", worker::maintain);
                    m.complete(null);
                }
            }
        } catch (InterruptedException e) {
            // A forced stop (the drain time ran out): what is still queued is dropped and counted.
            int dropped = current != null ? 1 : 0;
            for (Object item : queue) {
                dropped += item instanceof Queued<?> ? 1 : 0;
            }
            abandoned = dropped;
        } finally {
            Thread.interrupted(); // clear it, so that the worker can still flush and close
            guarded("stopping", worker::stop);
            for (Object item : queue) {
                if (item instanceof CompletableFuture<?> m) {
                    m.complete(null);
                }
            }
            queue.clear();
        }
    }

    private void guarded(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("{}: {} {} failed", owner.owner(), what, thread.getName(), e);
        }
    }
}
