package org.ccflux.core.internal.security;

import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.pipeline.StatNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * Signs (and encrypts) what inline handlers send from the socket thread on the crypto threads instead: an RSA
 * signature costs about 2 ms, which on the socket thread would cap every route at a few hundred messages a second.
 * Several are sealed at once, and they leave in the order the handlers made them. Bounded: a message beyond
 * {@code capacity} waiting is dropped and counted as {@code count.send-dropped}, like a full egress queue.
 */
public final class ReplySealing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplySealing.class);

    private final Sinks.Many<Supplier<CcMessage>> pending;
    private final Disposable pipeline;
    private final CcStats stats;
    private final RateLimitedLog dropped = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog failed = new RateLimitedLog(LOG, 1000);

    /**
     * @param egress sends a sealed message (thread-safe); false if it was refused (then counted there)
     * @param concurrency messages sealed at once, at most
     */
    public ReplySealing(Scheduler crypto, int concurrency, int capacity, Predicate<CcMessage> egress, CcStats stats) {
        this.stats = stats;
        this.pending = Sinks.many().unicast().onBackpressureBuffer(Queues.<Supplier<CcMessage>>get(capacity).get());
        this.pipeline = pending.asFlux()
                .flatMapSequential(sealing -> Mono.fromCallable(sealing::get).subscribeOn(crypto).onErrorResume(e -> {
                    stats.add(StatNames.SEND_DROPPED_COUNT, 1);
                    failed.warn("cannot seal an outgoing message, dropped: {}", e.toString());
                    return Mono.empty();
                }), concurrency, 1)
                .subscribe(egress::test, e -> LOG.error("reply sealing stopped", e));
    }

    /** Socket thread only (one producer). @return false if too many are waiting: dropped and counted */
    public boolean submit(Supplier<CcMessage> sealing) {
        if (pending.tryEmitNext(sealing).isFailure()) {
            stats.add(StatNames.SEND_DROPPED_COUNT, 1);
            dropped.warn("too many outgoing messages waiting to be signed; dropping one");
            return false;
        }
        return true;
    }

    /** Messages not sealed yet are discarded. */
    @Override
    public void close() {
        pipeline.dispose();
    }
}
