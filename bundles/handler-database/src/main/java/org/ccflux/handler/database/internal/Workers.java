package org.ccflux.handler.database.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.ccflux.api.CcMessage;

/**
 * The handler's own threads ({@code ccflux-db-<name>-<n>}): {@code worker-threads} of them run calls, behind a
 * queue of at most {@code queue-size} waiting calls. {@link #submit} never blocks: it runs on the server's socket
 * thread. A call that finds the queue full is refused; its answer is {@link #offload offloaded} to one more thread
 * ({@code ccflux-db-<name>-overflow}), so that answering floods of refusals (which the server may sign, ~2 ms each)
 * never slows the socket thread either; if even that thread is behind by {@value #OVERFLOW_BACKLOG} answers, the
 * answer is dropped (the refusal itself is always counted by the caller).
 *
 * <p>The bound is an admission count (queued + running &lt;= threads + queue-size) rather than the executor queue's
 * capacity, so that both numbers can change live without a new executor. Idle threads end after a minute.
 */
final class Workers {
    private static final int OVERFLOW_BACKLOG = 1000;
    private static final long KEEP_ALIVE_SECONDS = 60;

    private final class Task implements Runnable {
        final CcMessage message;

        Task(CcMessage message) {
            this.message = message;
        }

        @Override
        public void run() {
            try {
                runner.accept(message);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private final Consumer<CcMessage> runner;
    private final ThreadPoolExecutor calls;
    private final ThreadPoolExecutor overflows;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int limit;

    Workers(String name, int threads, int queueSize, Consumer<CcMessage> runner) {
        this.runner = runner;
        this.limit = threads + queueSize;
        // The capacity is a backstop only: admission (limit) keeps the queue at queue-size or below.
        this.calls = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(DbConfig.MAX_WORKER_THREADS + 1_000_000), threads("ccflux-db-" + name + "-"));
        this.calls.allowCoreThreadTimeOut(true);
        this.overflows = new ThreadPoolExecutor(1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(OVERFLOW_BACKLOG), threads("ccflux-db-" + name + "-overflow"),
                new ThreadPoolExecutor.DiscardPolicy());
        this.overflows.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues a call unless {@code queue-size} calls already wait.
     *
     * @return false if the call was refused (full, or stopped)
     */
    boolean submit(CcMessage message) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        try {
            calls.execute(new Task(message));
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet(); // stopped: the handler is being deactivated
            return false;
        }
    }

    /** @return true once {@link #stop} began */
    boolean stopped() {
        return calls.isShutdown();
    }

    /** Runs {@code answer} on the overflow thread, or drops it if that thread is far behind or stopped. */
    void offload(Runnable answer) {
        overflows.execute(answer);
    }

    /** Live: more threads start on demand; surplus ones end when their current call returns. */
    void resize(int threads, int queueSize) {
        if (threads > calls.getMaximumPoolSize()) {
            calls.setMaximumPoolSize(threads);
            calls.setCorePoolSize(threads);
        } else {
            calls.setCorePoolSize(threads);
            calls.setMaximumPoolSize(threads);
        }
        limit = threads + queueSize;
    }

    /** @return calls queued or running */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops taking calls and lets queued ones finish for up to {@code graceMillis}; then takes the calls still queued
     * and runs {@code unblock}, which should abort the connections in use (JDBC ignores interrupts).
     *
     * @return the calls that never ran
     */
    List<CcMessage> stop(long graceMillis, Runnable unblock) throws InterruptedException {
        calls.shutdown();
        overflows.shutdown();
        List<CcMessage> never = new ArrayList<>();
        if (!calls.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
            // Drain first: a worker freed by the abort must not start a queued call on its way out.
            for (Runnable r : calls.shutdownNow()) {
                never.add(((Task) r).message);
            }
            unblock.run();
            calls.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        }
        overflows.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        return never;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
