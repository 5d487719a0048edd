package org.ccflux.core.internal.pipeline;

import java.util.List;
import java.util.function.Function;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.stats.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * The server's message stream: frames → decode → (security stages) → dispatch.
 *
 * <p>The source emits on the socket thread and only as much as requested, so the socket stops reading (and
 * ZeroMQ's high-water mark pushes back on senders) when a downstream stage is slow. Without security stages
 * every message is decoded and dispatched before the next is read: the demand is unbounded, and the bound is
 * the socket thread itself. The security stages request only as many as they are opening at once. Decode and
 * dispatch stay on the socket thread, with no queue in between (not even {@code limitRate}'s): measured here,
 * one thread hop per message costs about 40% of throughput, and a queue hand-off per message about 100 ns.
 * Work that blocks goes to a handler's own lane.
 */
public final class IngressPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(IngressPipeline.class);

    private final CcStats stats;
    private final Counter received;
    private final Function<Flux<CcMessage>, Flux<CcMessage>> security;
    private final RateLimitedLog invalidLog = new RateLimitedLog(LOG, 1000);

    /**
     * @param security stages between decode and dispatch (crypto checks); identity when off
     */
    public IngressPipeline(CcStats stats, Function<Flux<CcMessage>, Flux<CcMessage>> security) {
        this.stats = stats;
        this.security = security;
        this.received = Counter.of(stats, StatNames.COUNT);
    }

    /** @return decoded messages; invalid frame lists are counted, logged (rate-limited) and dropped */
    public Flux<CcMessage> decoded(Flux<List<byte[]>> frames) {
        return frames.handle(this::decode).transform(security);
    }

    /** Subscribes the whole pipeline; the returned handle stops it. */
    public Disposable start(Flux<List<byte[]>> frames, Dispatcher dispatcher) {
        return decoded(frames).subscribe(dispatcher::dispatch, e -> LOG.error("ingress pipeline terminated", e));
    }

    private void decode(List<byte[]> frames, SynchronousSink<CcMessage> sink) {
        received.add(1);
        try {
            sink.next(CcMessage.decode(frames));
        } catch (InvalidMessageException e) {
            stats.add(StatNames.INVALID, 1);
            invalidLog.warn("Invalid CC message ({}, {} frames)", e.reason(), frames.size());
        }
    }
}
