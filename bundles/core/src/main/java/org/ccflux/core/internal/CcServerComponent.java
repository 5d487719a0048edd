package org.ccflux.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcForwarder;
import org.ccflux.api.ConnectionListener;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.MessageType;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.config.SocketOptions;
import org.ccflux.core.internal.transport.DealerConnection;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.Forwarder;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.Targets;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.security.ReplySealing;
import org.ccflux.core.internal.security.SecurityStage;
import org.ccflux.core.internal.security.ServerSecurity;
import org.ccflux.core.internal.stats.Counters;
import org.ccflux.core.internal.stats.InfoFile;
import org.ccflux.core.internal.stats.StatsReporter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The ccserver: configuration (PID {@value ServerConfig#PID}), the handler whiteboard, and the running
 * socket + pipeline. Registers {@link CcSender}, {@link CcStats}, {@link CcConnector} and {@link CcForwarder} for handlers.
 *
 * <p>One {@link SocketLoop} (thread {@code ccflux-socket}) lives as long as the component: the ROUTER, the
 * pipeline's inline stages and every outbound connection run on it. A new {@code cc-socket} rebinds on the
 * same loop; {@code zmq_nthreads} applies when the component next starts.
 *
 * <p>Configuration is required: no {@code org.ccflux.server.cfg}, no socket. An invalid configuration
 * fails activation, or, on update, is refused with the property named and the running one kept. That
 * includes the {@code cms-*} options and their key files.
 *
 * <p>Message security: with {@code cms-verify-ca}, {@code cms-decrypt} or {@code cms-time-window} the
 * pipeline gets a {@link SecurityStage} that opens messages on the crypto scheduler (threads
 * {@code ccflux-crypto-N}, one per core, created with the first such configuration and stopped with the
 * component); without them there is no stage at all. A change among security settings swaps the opener
 * live; switching the stage on or off subscribes a new pipeline to the same socket. What the server
 * creates ({@link #reply}, {@link #create}) is sealed with the current {@code cms-sign}/{@code cms-encrypt}.
 */
@Component(service = {CcSender.class, CcStats.class, CcConnector.class, CcForwarder.class}, immediate = true, configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfiguration.class)
public final class CcServerComponent implements CcSender, CcStats, CcConnector, CcForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(CcServerComponent.class);
    private static final int CRYPTO_THREADS = Runtime.getRuntime().availableProcessors();

    private final BundleContext context;
    private final Counters counters = new Counters();
    private final SocketLoop loop;
    private final Map<Long, LazyHandler> handlers = new ConcurrentHashMap<>();
    private final HandlerRegistry registry;
    private final StatsReporter stats;
    private final Forwarder forwarder;
    /** Dispatch continues here after the security stage: the socket thread. */
    private final Scheduler socketScheduler;
    private volatile ServerConfig config;
    private volatile ServerSecurity security;
    private volatile ServerRuntime runtime;
    /** Created with the first message to open or reply to sign; guarded by this. */
    private Scheduler cryptoScheduler;
    private SecurityStage securityStage;
    private ReplySealing replySealing;

    @Activate
    public CcServerComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        ServerConfig cfg = new ServerConfig(properties);
        ServerSecurity sec = loadSecurity(cfg); // before any thread starts: a bad key fails activation cleanly
        config = cfg;
        security = sec;
        registry = new HandlerRegistry(cfg.role, new Targets(counters)::create);
        stats = new StatsReporter(counters, new InfoFile(jobName(properties), Instant.now()), cfg);
        loop = new SocketLoop("ccflux-socket", cfg.socket.nthreads);
        socketScheduler = Schedulers.fromExecutor(loop::execute);
        forwarder = new Forwarder(loop, registry::table);
        try {
            runtime = startRuntime(cfg, sec);
        } catch (RuntimeException e) {
            loop.close();
            stats.close();
            registry.close();
            disposeSchedulers();
            throw e;
        }
        logEffective(cfg, sec);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ServerConfig previous = config;
        ServerSecurity previousSecurity = security;
        ServerConfig next;
        ServerSecurity nextSecurity;
        try {
            next = new ServerConfig(properties);
            // Same cms-* settings: keep the loaded keys and, above all, the replay cache.
            nextSecurity = previous.cryptoChanged(next) ? loadSecurity(next) : previousSecurity;
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {} refused: {}; the running configuration stays", ServerConfig.PID, e.getMessage());
            return;
        }
        if (previous.socket.nthreads != next.socket.nthreads) {
            LOG.warn("zmq_nthreads {} applies when the server next starts (running with {})", next.socket.nthreads,
                    previous.socket.nthreads);
        }
        if (previous.needsRebind(next)) {
            rebind(previous, previousSecurity, next, nextSecurity);
        } else if (previousSecurity.opens() != nextSecurity.opens()) {
            // the security stage comes or goes: a new pipeline on the same socket, no connection is dropped
            runtime.replacePipeline(ingress(nextSecurity), dispatcher());
        } else if (nextSecurity != previousSecurity && nextSecurity.opens()) {
            stage().setOpener(SecurityStage.of(nextSecurity.opener())); // live: the next message uses it
        }
        security = nextSecurity;
        config = next;
        registry.setRole(next.role);
        stats.reconfigure(next);
        logEffective(next, nextSecurity);
    }

    private void rebind(ServerConfig previous, ServerSecurity previousSecurity, ServerConfig next, ServerSecurity nextSecurity) {
        runtime.close();
        try {
            runtime = startRuntime(next, nextSecurity);
        } catch (RuntimeException e) {
            LOG.error("{}; binding the previous {} again", e.getMessage(), previous.ccSocket);
            runtime = startRuntime(previous, previousSecurity);
            throw e;
        }
    }

    private static ServerSecurity loadSecurity(ServerConfig cfg) {
        return cfg.cryptoProperties.isEmpty() ? ServerSecurity.none() : ServerSecurity.create(cfg.crypto, cfg.opensMessages());
    }

    private ServerRuntime startRuntime(ServerConfig cfg, ServerSecurity sec) {
        return new ServerRuntime(loop, cfg, counters, ingress(sec), dispatcher());
    }

    /** @return the ingress pipeline for {@code sec}: with the security stage only if messages are opened */
    private IngressPipeline ingress(ServerSecurity sec) {
        Function<Flux<CcMessage>, Flux<CcMessage>> securityStages = Function.identity(); // nothing to pay when off
        if (sec.opens()) {
            SecurityStage stage = stage();
            stage.setOpener(SecurityStage.of(sec.opener()));
            securityStages = stage;
        }
        return new IngressPipeline(counters, securityStages);
    }

    private Dispatcher dispatcher() {
        return new Dispatcher(registry, counters, () -> config.ccStats);
    }

    /** The security stage, created on first use and kept until deactivation. */
    private synchronized SecurityStage stage() {
        if (securityStage == null) {
            securityStage = new SecurityStage(null, counters, cryptoScheduler(), socketScheduler, 4 * CRYPTO_THREADS);
        }
        return securityStage;
    }

    /** Where inline handlers' replies are signed, created with the first one and kept until deactivation. */
    private synchronized ReplySealing replySealing() {
        if (replySealing == null) {
            replySealing = new ReplySealing(cryptoScheduler(), CRYPTO_THREADS, config.egressQueue, this::send, counters);
        }
        return replySealing;
    }

    /** The crypto threads (one per core), for opening and sealing; guarded by this. */
    private Scheduler cryptoScheduler() {
        if (cryptoScheduler == null) {
            cryptoScheduler = Schedulers.newParallel("ccflux-crypto", CRYPTO_THREADS, true);
        }
        return cryptoScheduler;
    }

    private synchronized void disposeSchedulers() {
        if (replySealing != null) {
            replySealing.close();
            replySealing = null;
        }
        if (cryptoScheduler != null) {
            cryptoScheduler.dispose();
            cryptoScheduler = null;
            securityStage = null;
        }
        socketScheduler.dispose();
    }

    @Deactivate
    void deactivate() {
        runtime.close();
        loop.close(); // closes connections handlers left open
        disposeSchedulers(); // after the pipeline: nothing is being opened any more
        stats.reportNow();
        stats.close();
        registry.close();
        handlers.values().forEach(LazyHandler::release);
        handlers.clear();
    }

    /** Handlers are bound by reference and fetched on first use, see {@link LazyHandler}. */
    @Reference(service = MessageHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindHandler(ServiceReference<MessageHandler> reference) {
        LazyHandler handler = new LazyHandler(context, reference);
        handlers.put(serviceId(reference), handler);
        registry.bind(handler, properties(reference));
    }

    void updatedHandler(ServiceReference<MessageHandler> reference) {
        LazyHandler handler = handlers.get(serviceId(reference));
        if (handler != null) {
            registry.updated(handler, properties(reference));
        }
    }

    void unbindHandler(ServiceReference<MessageHandler> reference) {
        LazyHandler handler = handlers.remove(serviceId(reference));
        registry.unbind(handler, properties(reference));
        if (handler != null) {
            handler.release();
        }
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> map = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            map.put(key, reference.getProperty(key));
        }
        return map;
    }

    @Override
    public boolean send(CcMessage message) {
        return runtime.send(message);
    }

    @Override
    public boolean reply(CcMessage request, ObjectNode body) {
        String type = body.path("req").asText("");
        if (!MessageType.isValid(type)) {
            throw new IllegalArgumentException("reply body needs a valid req, was '" + type + "'");
        }
        MessageSealer sealer = security.sealer();
        return sendSealed(sealer, () -> sealer.seal(request.route(), type, body, null));
    }

    @Override
    public boolean reply(CcMessage request, String type, byte[] jsonBody) {
        if (!MessageType.isValid(type)) {
            throw new IllegalArgumentException("reply type '" + type + "' is not a valid message type");
        }
        MessageSealer sealer = security.sealer();
        return sendSealed(sealer, () -> sealer.seal(request.route(), type, jsonBody));
    }

    private boolean sendSealed(MessageSealer sealer, Supplier<CcMessage> sealing) {
        if (sealer.signs() && loop.inLoop()) { // an inline handler: sign on the crypto threads, in order
            return replySealing().submit(sealing);
        }
        return send(sealing.get()); // unsigned, or a worker thread that signs itself
    }

    @Override
    public CcMessage create(String type, ObjectNode body, byte[] blob) {
        return security.sealer().seal(List.of(), type, CcSender.withHeader(type, body), blob);
    }

    @Override
    public CcConnection connect(String endpoint, Map<String, ?> socketOptions, ConnectionListener listener) {
        ServerConfig.endpoint("endpoint", endpoint);
        return new DealerConnection(loop, endpoint, new SocketOptions(socketOptions, false), listener, counters);
    }

    @Override
    public CompletionStage<Boolean> forward(String handlerName, CcMessage message) {
        return forwarder.forward(handlerName, message);
    }

    @Override
    public void add(String name, long delta) {
        counters.add(name, delta);
    }

    private static String jobName(Map<String, Object> properties) {
        Object name = properties.get("job_name");
        return name != null ? name.toString() : "ccflux";
    }

    private static void logEffective(ServerConfig cfg, ServerSecurity sec) {
        LOG.info("ccserver configured: {}", cfg);
        if (sec.opens() || sec.sealer().signs()) {
            LOG.info("message security: incoming messages {}; outgoing messages {}",
                    sec.opens() ? "opened on the ccflux-crypto threads (rejections counted in count.rejected.*)" : "not checked",
                    sec.sealer().encrypts() ? "signed and encrypted" : sec.sealer().signs() ? "signed" : "not signed");
        }
        if (cfg.roleDefaulted) {
            LOG.warn("cc-role not set: running as insecure, every handler is allowed");
        }
    }
}
