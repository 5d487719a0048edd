package org.ccflux.core.internal.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.CcStats;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.routing.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One blocking-capable handler's lane: a bounded queue (a unicast sink) drained by {@code flatMap} with
 * the handler's concurrency onto a scheduler this lane owns. A full queue drops and counts; a slow or
 * failing handler fills only its own lane, never the socket thread or other handlers.
 */
final class WorkerLane implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLane.class);

    private final String name;
    private final MessageHandler handler;
    private final CcStats stats;
    private final Sinks.Many<CcMessage> queue;
    private final Scheduler scheduler;
    private final Disposable subscription;
    private final RateLimitedLog crashLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog overflowLog = new RateLimitedLog(LOG, 1000);

    WorkerLane(String name, MessageHandler handler, int queueSize, int concurrency, CcStats stats) {
        this.name = name;
        this.handler = handler;
        this.stats = stats;
        // Exactly queueSize: Reactor's own queues round up to a power of two.
        this.queue = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(queueSize));
        this.scheduler = Schedulers.newBoundedElastic(concurrency, concurrency, "ccflux-h-" + name, 60, true);
        this.subscription = queue.asFlux()
                .flatMap(m -> Mono.fromRunnable(() -> invoke(m)).subscribeOn(scheduler), concurrency, 1)
                .subscribe(null, e -> LOG.error("handler {}: lane terminated", name, e));
    }

    @Override
    public String name() {
        return name;
    }

    /** Serialised: the unicast sink allows one emitter at a time, and forwards may come from any thread. */
    @Override
    public synchronized boolean deliver(CcMessage message) {
        Sinks.EmitResult r = queue.tryEmitNext(message);
        if (r.isSuccess()) {
            return true;
        }
        if (r != Sinks.EmitResult.FAIL_OVERFLOW) {
            // The handler went away after the dispatcher took its routing snapshot.
            stats.add(StatNames.GONE_COUNT, 1);
            stats.add(StatNames.GONE_BYTES, message.size());
            return false;
        }
        stats.add(StatNames.OVERFLOW_COUNT, 1);
        stats.add(StatNames.OVERFLOW_BYTES, message.size());
        stats.add("overflow." + name, 1);
        overflowLog.warn("handler {}: queue full, dropping {} ({})", name, message.type(), r);
        return false;
    }

    private void invoke(CcMessage m) {
        try {
            handler.handle(m);
        } catch (Throwable e) {
            stats.add("count." + StatNames.CRASHED, 1);
            stats.add("bytes." + StatNames.CRASHED, m.size());
            crashLog.warn("handler {} crashed on {}: {}", name, m.type(), e.toString());
            LOG.debug("handler {} crash detail", name, e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            queue.tryEmitComplete();
        }
        subscription.dispose();
        scheduler.dispose();
    }
}
