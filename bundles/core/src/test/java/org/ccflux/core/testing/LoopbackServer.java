package org.ccflux.core.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcForwarder;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.ConnectionListener;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.config.SocketOptions;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.Forwarder;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.Targets;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.transport.DealerConnection;
import org.ccflux.core.internal.transport.RouterSocket;
import reactor.core.Disposable;

/**
 * For handler bundles' tests (the core's test-jar): a ccserver on a loopback port built from the core's own parts
 * (socket loop, ROUTER, ingress pipeline, routing, worker lanes), without OSGi, serving as the {@link CcSender},
 * {@link CcStats}, {@link CcConnector} and {@link CcForwarder} a handler component is given. Counters are kept for {@link #get}.
 */
public final class LoopbackServer implements CcSender, CcStats, CcConnector, CcForwarder, AutoCloseable {
    private static final AtomicLong SERVICE_IDS = new AtomicLong(1);

    public final String endpoint;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final SocketLoop loop;
    private final RouterSocket socket;
    private final HandlerRegistry registry;
    private final Disposable pipeline;
    private final Forwarder forwarder;
    /** Put into the signature frame by {@link #create}, standing in for the server's sealing; null: unsigned. */
    private volatile byte[] sealMark;

    /** On a free port with the server's defaults (cc-role insecure). */
    public LoopbackServer() {
        this(Map.of());
    }

    /** @param options more server options, e.g. {@code cc-role} or {@code curve-*} */
    public LoopbackServer(Map<String, ?> options) {
        this("tcp://127.0.0.1:" + freePort(), options);
    }

    public LoopbackServer(String endpoint, Map<String, ?> options) {
        this.endpoint = endpoint;
        Map<String, Object> all = new HashMap<>(Map.of(ServerConfig.CC_SOCKET, endpoint, "zmq_linger", "0", "cc-stats", "2"));
        all.putAll(options);
        ServerConfig cfg = new ServerConfig(all);
        loop = new SocketLoop("ccflux-socket", 1);
        socket = new RouterSocket(loop, cfg, this);
        registry = new HandlerRegistry(cfg.role, new Targets(this)::create);
        pipeline = new IngressPipeline(this, Function.identity()).start(socket.inbound(), new Dispatcher(registry, this, () -> 2));
        forwarder = new Forwarder(loop, registry::table);
        socket.start();
    }

    /** Routes {@code routes} (comma-separated) to {@code handler}, inline, as instance {@code name}. */
    public <H extends MessageHandler> H bind(String name, String routes, H handler) {
        return bind(name, routes, HandlerExecution.INLINE, handler);
    }

    /** Routes {@code routes} to {@code handler} as instance {@code name}, run {@code execution} (inline or worker). */
    public <H extends MessageHandler> H bind(String name, String routes, String execution, H handler) {
        return bind(handler, Map.of("routes", routes, "handler.execution", execution, "handler.name", name));
    }

    /** Binds {@code handler} as the core binds a handler service with {@code properties}. */
    public <H extends MessageHandler> H bind(H handler, Map<String, ?> properties) {
        Map<String, Object> props = new HashMap<>(properties);
        props.put("service.id", SERVICE_IDS.getAndIncrement());
        registry.bind(handler, props);
        return handler;
    }

    /** @return the counter's value, 0 if it was never added to */
    public long get(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    /** Makes {@link #create} put {@code mark} into the signature frame, as the server's sealing would a signature. */
    public void sealWith(byte[] mark) {
        sealMark = mark;
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
    public CompletionStage<Boolean> forward(String handlerName, CcMessage message) {
        return forwarder.forward(handlerName, message);
    }

    @Override
    public void close() {
        socket.close();
        pipeline.dispose();
        registry.close();
        loop.close();
    }

    /** @return a loopback port free now */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
