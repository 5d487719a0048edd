package org.ccflux.handler.proxy.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.ConnectionListener;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.config.SocketOptions;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.Targets;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.transport.DealerConnection;
import org.ccflux.core.internal.transport.RouterSocket;
import reactor.core.Disposable;

/**
 * A ccserver on a loopback port built from the core's own parts (socket loop, ROUTER, ingress pipeline,
 * routing), without OSGi: what the proxy runs in, as {@link CcSender}, {@link CcStats} and {@link CcConnector}.
 */
final class LoopbackServer implements CcSender, CcStats, CcConnector, AutoCloseable {
    private static final AtomicLong SERVICE_IDS = new AtomicLong(1);

    final String endpoint;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final SocketLoop loop;
    private final RouterSocket socket;
    private final HandlerRegistry registry;
    private final Disposable pipeline;

    LoopbackServer() {
        this("tcp://127.0.0.1:" + freePort());
    }

    LoopbackServer(String endpoint) {
        this(endpoint, Map.of());
    }

    /** @param extra more server options, e.g. {@code curve-*} */
    LoopbackServer(String endpoint, Map<String, String> extra) {
        this.endpoint = endpoint;
        Map<String, Object> options = new java.util.HashMap<>(Map.of(ServerConfig.CC_SOCKET, endpoint, "zmq_linger", "0", "cc-stats", "2"));
        options.putAll(extra);
        ServerConfig cfg = new ServerConfig(options);
        loop = new SocketLoop("ccflux-socket", 1);
        socket = new RouterSocket(loop, cfg, this);
        registry = new HandlerRegistry(cfg.role, new Targets(this)::create);
        pipeline = new IngressPipeline(this, Function.identity()).start(socket.inbound(), new Dispatcher(registry, this, () -> 2));
        socket.start();
    }

    /** Routes {@code routes} (comma-separated) to {@code handler}, inline, as instance {@code name}. */
    <H extends MessageHandler> H bind(String name, String routes, H handler) {
        registry.bind(handler, Map.of("service.id", SERVICE_IDS.getAndIncrement(), "routes", routes,
                "handler.execution", "inline", "handler.name", name));
        return handler;
    }

    long get(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void add(String name, long delta) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    @Override
    public boolean send(CcMessage message) {
        return socket.send(message);
    }

    @Override
    public boolean reply(CcMessage request, ObjectNode body) {
        return send(CcMessage.of(request.route(), body.get("req").asText(), CcJson.toBytes(body), null, null));
    }

    /** Put into the signature frame by {@link #create}, standing in for the server's sealing; null: unsigned. */
    volatile byte[] sealMark;

    @Override
    public CcMessage create(String type, ObjectNode body, byte[] blob) {
        CcMessage m = CcSender.super.create(type, body, blob);
        byte[] mark = sealMark;
        return mark == null ? m : CcMessage.of(List.of(), type, m.body(), mark, blob);
    }

    @Override
    public CcConnection connect(String remote, Map<String, ?> socketOptions, ConnectionListener listener) {
        return new DealerConnection(loop, remote, new SocketOptions(socketOptions, false), listener, this);
    }

    @Override
    public void close() {
        socket.close();
        pipeline.dispose();
        registry.close();
        loop.close();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
