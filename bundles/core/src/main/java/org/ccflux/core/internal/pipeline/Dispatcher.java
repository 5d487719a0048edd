package org.ccflux.core.internal.pipeline;

import java.util.function.IntSupplier;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.routing.Target;
import org.ccflux.core.internal.stats.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of the ingress pipeline, on the socket thread: looks up the routing snapshot and
 * delivers to every target in CC order, then counts the outcome as CC does ({@code ok}, {@code dropped}
 * for no route, {@code crashed} if an inline handler threw). Unlike CC, a crash does not stop delivery
 * to the remaining handlers.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final HandlerRegistry registry;
    private final CcStats stats;
    private final IntSupplier ccStatsLevel;
    private final RateLimitedLog noRouteLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog crashLog = new RateLimitedLog(LOG, 1000);
    private final Counter bytes;
    private final Counter seconds;
    private final OutcomeCounters[] outcomes;

    public Dispatcher(HandlerRegistry registry, CcStats stats, IntSupplier ccStatsLevel) {
        this.registry = registry;
        this.stats = stats;
        this.ccStatsLevel = ccStatsLevel;
        this.bytes = Counter.of(stats, StatNames.BYTES);
        this.seconds = Counter.of(stats, StatNames.SECONDS);
        this.outcomes = new OutcomeCounters[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
            outcomes[o.ordinal()] = new OutcomeCounters(stats, o);
        }
    }

    public void dispatch(CcMessage message) {
        long start = System.nanoTime();
        Target[] targets = registry.table().lookup(message.type());
        Outcome outcome = Outcome.OK;
        if (targets.length == 0) {
            outcome = Outcome.DROPPED;
            noRouteLog.warn("dropping msg, no route: {}", message.type());
        }
        for (Target t : targets) {
            try {
                t.deliver(message);
            } catch (Throwable e) {
                outcome = Outcome.CRASHED;
                crashLog.warn("handler {} crashed, message {} still goes to the other handlers: {}", t.name(),
                        message.type(), e.toString());
                LOG.debug("handler {} crash detail", t.name(), e);
            }
        }
        count(message, outcome, System.nanoTime() - start);
    }

    private void count(CcMessage message, Outcome outcome, long nanos) {
        int size = message.size();
        bytes.add(size);
        seconds.add(nanos);
        outcomes[outcome.ordinal()].add(size, nanos);
        if (ccStatsLevel.getAsInt() > 1) {
            String suffix = outcome.name + ".msg." + message.type();
            stats.add("count." + suffix, 1);
            stats.add("bytes." + suffix, size);
            stats.add("seconds." + suffix, nanos);
        }
    }

    /** The counters of one outcome, resolved once: they are counted for every message. */
    private static final class OutcomeCounters {
        final Counter count;
        final Counter bytes;
        final Counter seconds;

        OutcomeCounters(CcStats stats, Outcome outcome) {
            count = Counter.of(stats, outcome.count);
            bytes = Counter.of(stats, outcome.bytes);
            seconds = Counter.of(stats, outcome.seconds);
        }

        void add(int size, long nanos) {
            count.add(1);
            bytes.add(size);
            seconds.add(nanos);
        }
    }

    /** CC's outcomes with their counter names. */
    private enum Outcome {
        OK(StatNames.OK), DROPPED(StatNames.DROPPED), CRASHED(StatNames.CRASHED);

        final String name;
        final String count;
        final String bytes;
        final String seconds;

        Outcome(String name) {
            this.name = name;
            this.count = "count." + name;
            this.bytes = "bytes." + name;
            this.seconds = "seconds." + name;
        }
    }
}
