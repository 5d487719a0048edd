package org.ccflux.core.internal;

import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.stats.Counters;
import org.ccflux.core.internal.transport.RouterSocket;
import reactor.core.Disposable;

/** One bound ROUTER with its pipeline subscribed; replaced as a whole when {@code cc-socket} changes. */
final class ServerRuntime implements AutoCloseable {
    private final RouterSocket socket;
    private final Disposable pipeline;

    ServerRuntime(SocketLoop loop, ServerConfig cfg, Counters counters, IngressPipeline ingress, Dispatcher dispatcher) {
        socket = new RouterSocket(loop, cfg, counters);
        pipeline = ingress.start(socket.inbound(), dispatcher);
        try {
            socket.start();
        } catch (RuntimeException e) {
            pipeline.dispose();
            throw e;
        }
    }

    boolean send(CcMessage message) {
        return socket.send(message);
    }

    @Override
    public void close() {
        socket.close();
        pipeline.dispose();
    }
}
