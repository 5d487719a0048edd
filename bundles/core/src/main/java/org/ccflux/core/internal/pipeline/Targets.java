package org.ccflux.core.internal.pipeline;

import org.ccflux.api.CcStats;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.internal.routing.HandlerSpec;
import org.ccflux.core.internal.routing.Target;

/** Creates the dispatch target a handler's execution mode asks for. */
public final class Targets {
    private final CcStats stats;

    public Targets(CcStats stats) {
        this.stats = stats;
    }

    public Target create(HandlerSpec spec, MessageHandler handler) {
        return spec.inline ? new InlineTarget(spec.name, handler)
                : new WorkerLane(spec.name, handler, spec.queueSize, spec.concurrency, stats);
    }
}
