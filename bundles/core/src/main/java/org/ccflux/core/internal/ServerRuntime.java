package org.ccflux.core.internal;

import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.stats.Counters;
import org.ccflux.core.internal.transport.RouterSocket;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * One bound ROUTER with its pipeline subscribed; replaced as a whole when {@code cc-socket} changes. The
 * pipeline alone can be replaced on the same socket ({@link #replacePipeline}), e.g. to add or remove the
 * security stage.
 */
final class ServerRuntime implements AutoCloseable {
    private final SocketLoop loop;
    private final RouterSocket socket;
    /** The current pipeline and any replaced one still finishing what it held. */
    private final Disposable.Composite pipelines = Disposables.composite();

    ServerRuntime(SocketLoop loop, ServerConfig cfg, Counters counters, IngressPipeline ingress, Dispatcher dispatcher) {
        this.loop = loop;
        socket = new RouterSocket(loop, cfg, counters);
        pipelines.add(ingress.start(socket.inbound(), dispatcher));
        try {
            socket.start();
        } catch (RuntimeException e) {
            pipelines.dispose();
            throw e;
        }
    }

    /**
     * Subscribes a new pipeline to the same socket: on the socket thread, between two reads, the current
     * pipeline's input is completed (the messages it holds, e.g. being verified, still reach dispatch) and the
     * new one takes over. No connection is dropped and no message is lost.
     */
    void replacePipeline(IngressPipeline ingress, Dispatcher dispatcher) {
        loop.call(ctx -> {
            socket.completeInbound();
            pipelines.add(ingress.start(socket.inbound(), dispatcher));
            return null;
        }, 10_000);
    }

    boolean send(CcMessage message) {
        return socket.send(message);
    }

    @Override
    public void close() {
        socket.close();
        pipelines.dispose();
    }
}
