package org.ccflux.core.internal.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.ccflux.api.CcForwarder;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.routing.RoutingTable;
import org.ccflux.core.internal.routing.Target;

/**
 * {@link CcForwarder} on the routing table's name index: delivers to the named handler's target on the socket
 * thread, like the dispatcher, so an inline handler is never called from two threads. While the server stops, a
 * forward from another thread may never complete.
 */
public final class Forwarder implements CcForwarder {
    private final SocketLoop loop;
    private final Supplier<RoutingTable> table;

    public Forwarder(SocketLoop loop, Supplier<RoutingTable> table) {
        this.loop = loop;
        this.table = table;
    }

    @Override
    public CompletionStage<Boolean> forward(String handlerName, CcMessage message) {
        if (loop.inLoop()) {
            return deliver(handlerName, message);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> deliver(handlerName, message).whenComplete((delivered, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(delivered);
            }
        }));
        return done;
    }

    private CompletableFuture<Boolean> deliver(String handlerName, CcMessage message) {
        Target target = table.get().named(handlerName);
        if (target == null) {
            return CompletableFuture.completedFuture(false);
        }
        try {
            return CompletableFuture.completedFuture(target.deliver(message));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
