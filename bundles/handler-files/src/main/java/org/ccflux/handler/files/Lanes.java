package org.ccflux.handler.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.osgi.annotation.versioning.ConsumerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler's own writer threads: {@link Bounds#lanes()} lanes, each one thread with its {@link Worker} and a
 * bounded queue. A destination always hashes to the same lane ({@link #index}), so the jobs for one file run one
 * after the other in the order they were offered (CC handed them round-robin to its workers, where two for one
 * file could race: §12.17), and a stalled file holds back only its own lane. {@link #offer} never blocks: a full
 * lane answers {@link Offer#FULL}, and the caller drops and counts the job.
 *
 * <p>Live replacement. A new set built with the set it replaces as {@code previous} shuts that one down and begins
 * each of its lanes by waiting until every thread of the previous set has ended, that is, has run everything it had
 * queued; only then does it call {@link Worker#start()} and take its own queue. So per-destination order survives a
 * change of the lane count, no accepted job is lost, and a worker may take over what the previous workers
 * remembered: their threads have ended, so their state is visible to it. The replaced set hands the jobs it is
 * still offered to its successor, so a caller that read its reference just before the change loses nothing.
 *
 * <p>Threads are named {@code ccflux-<owner>-<generation>.<i>} and are daemons; {@link #close} ends them. Thread-safe.
 *
 * @param <J> the job type
 * @since 1.0
 */
public final class Lanes<J> {
    /** What {@link #offer} did with a job. */
    public enum Offer {
        /** Queued: it will run. */
        ACCEPTED,
        /** Not queued: the lane's queue is at its bound. */
        FULL,
        /** Not queued: the lanes were shut down (stopping). */
        CLOSED
    }

    /**
     * What one lane does with its jobs. Every method is called on the lane's own thread only, so a worker's state
     * needs no locking. A worker handles its own failures: a {@link RuntimeException} that escapes is logged at
     * ERROR and the lane carries on.
     */
    @ConsumerType
    public interface Worker<J> {
        /** Runs first, after every thread of the previous set has ended: take over their state here. */
        default void start() {
        }

        /**
         * Runs one job.
         *
         * @throws InterruptedException when {@link #close} ran out of time and interrupted the lane: this job and the
         *         ones still queued are counted as abandoned
         */
        void process(J job) throws InterruptedException;

        /** Runs when {@link #maintain()} asked for it, after the jobs queued before that call. */
        default void maintain() {
        }

        /** Runs last, also after a forced stop (the interrupt is cleared first): flush and close here. */
        default void stop() {
        }
    }

    /**
     * How much may wait, over all lanes together; each lane gets an even share, at least 1. A lane whose queue is
     * empty takes any one job, however large.
     *
     * @param lanes the number of lanes (threads)
     * @param jobs jobs waiting
     * @param bytes their sizes as offered
     */
    public record Bounds(int lanes, int jobs, long bytes) {
        public Bounds {
            if (lanes < 1 || jobs < 1 || bytes < 1) {
                throw new IllegalArgumentException("lanes, jobs and bytes must be at least 1, were " + lanes + ", " + jobs + ", " + bytes);
            }
        }

        /** @return bounds by count only */
        public static Bounds of(int lanes, int jobs) {
            return new Bounds(lanes, jobs, Long.MAX_VALUE);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    private static final AtomicInteger GENERATIONS = new AtomicInteger();

    private final String owner;
    private final List<Lane<J>> lanes;
    /** The set these lanes wait for; cleared once every lane has started. */
    private volatile Lanes<J> previous;
    /** The set that replaced this one; it takes what this one is still offered. */
    private volatile Lanes<J> successor;
    private final AtomicInteger starting;

    /**
     * Creates the lanes and starts their threads.
     *
     * @param owner names the threads and log lines, e.g. {@code infowriter-central}
     * @param workers the worker of lane {@code i}, called once per lane, here
     * @param previous the set being replaced, which this shuts down; null for the first set
     */
    public Lanes(String owner, Bounds bounds, IntFunction<? extends Worker<J>> workers, Lanes<J> previous) {
        this.owner = owner;
        this.previous = previous;
        this.starting = new AtomicInteger(bounds.lanes());
        int jobsPerLane = (int) share(bounds.jobs(), bounds.lanes());
        long bytesPerLane = share(bounds.bytes(), bounds.lanes());
        int generation = GENERATIONS.incrementAndGet();
        List<Lane<J>> list = new ArrayList<>(bounds.lanes());
        for (int i = 0; i < bounds.lanes(); i++) {
            Worker<J> worker = Objects.requireNonNull(workers.apply(i), "worker");
            list.add(new Lane<>(this, "ccflux-" + owner + "-" + generation + "." + i, worker, jobsPerLane, bytesPerLane));
        }
        lanes = List.copyOf(list);
        for (Lane<J> lane : lanes) {
            lane.thread.start();
        }
        if (previous != null) {
            previous.successor = this; // before its shutdown: what it refuses from then on comes here
            previous.shutdown();
        }
    }

    /** @return {@code total} split evenly over {@code lanes}, rounded up, at least 1 */
    public static long share(long total, int lanes) {
        return Math.max(1, total / lanes + (total % lanes == 0 ? 0 : 1));
    }

    /** @return the lane of {@code destination} among {@code count} */
    public static int index(Path destination, int count) {
        int h = destination.hashCode();
        return Math.floorMod(h ^ (h >>> 16), count);
    }

    /** @return the number of lanes */
    public int count() {
        return lanes.size();
    }

    /**
     * Queues {@code job} on the lane of {@code destination} (of the set that replaced this one, if it has been);
     * never blocks.
     *
     * @param bytes the job's size, for {@link Bounds#bytes()}
     */
    public Offer offer(Path destination, J job, long bytes) {
        Offer offer = lanes.get(index(destination, lanes.size())).offer(job, bytes);
        Lanes<J> next = successor;
        return offer == Offer.CLOSED && next != null ? next.offer(destination, job, bytes) : offer;
    }

    /**
     * Asks every lane to run {@link Worker#maintain()} on its own thread; never blocks. A lane that already has a
     * request waiting behind its last job adds none, so requests stay bounded however often this is called.
     *
     * @return completes once every lane ran it, and so has run every job queued before this call (at once for a
     *         lane that is stopping)
     */
    public CompletableFuture<Void> maintain() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[lanes.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = lanes.get(i).maintain();
        }
        return CompletableFuture.allOf(all);
    }

    /** Stops taking jobs; everything already queued still runs, then each worker {@link Worker#stop() stops}. */
    public void shutdown() {
        for (Lane<J> lane : lanes) {
            lane.shutdown();
        }
    }

    /**
     * Shuts down (the previous sets first), waits up to {@code millis} for the queued jobs to run, then interrupts
     * what is left.
     *
     * @return the number of jobs abandoned: queued, or running when interrupted
     */
    public int close(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        Lanes<J> before = previous;
        int abandoned = before != null ? before.close(millis) : 0;
        shutdown();
        for (Lane<J> lane : lanes) {
            lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (lane.thread.isAlive()) {
                lane.thread.interrupt();
                lane.thread.join(1000); // a write blocked in the kernel may not see the interrupt
            }
            abandoned += lane.abandoned();
        }
        return abandoned;
    }

    /** On each new lane's thread, before its worker starts: joining the old threads makes their state visible. */
    void awaitPrevious() throws InterruptedException {
        Lanes<J> before = previous;
        if (before == null) {
            return;
        }
        for (Lane<J> old : before.lanes) {
            while (true) {
                old.thread.join(TimeUnit.MINUTES.toMillis(1));
                if (!old.thread.isAlive()) {
                    break;
                }
                LOG.warn("{}: still waiting for the previous worker threads to finish their queued work", owner);
            }
        }
    }

    void started() {
        if (starting.decrementAndGet() == 0) {
            previous = null; // let the old set be collected
        }
    }

    String owner() {
        return owner;
    }
}
