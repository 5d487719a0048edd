package org.ccflux.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcJson;
import org.ccflux.api.ConnectionListener;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.MessageType;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.api.CcOptions;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.config.SocketOptions;
import org.ccflux.core.internal.transport.DealerConnection;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.Targets;
import org.ccflux.core.internal.routing.HandlerRegistry;
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

/**
 * The ccserver: configuration (PID {@value ServerConfig#PID}), the handler whiteboard, and the running
 * socket + pipeline. Registers {@link CcSender}, {@link CcStats} and {@link CcConnector} for handlers.
 *
 * <p>One {@link SocketLoop} (thread {@code ccflux-socket}) lives as long as the component: the ROUTER, the
 * pipeline's inline stages and every outbound connection run on it. A new {@code cc-socket} rebinds on the
 * same loop; {@code zmq_nthreads} applies when the component next starts.
 *
 * <p>Configuration is required: no {@code org.ccflux.server.cfg}, no socket. An invalid configuration
 * fails activation, or, on update, is refused with the property named and the running one kept.
 */
@Component(service = {CcSender.class, CcStats.class, CcConnector.class}, immediate = true, configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfiguration.class)
public final class CcServerComponent implements CcSender, CcStats, CcConnector {
    private static final Logger LOG = LoggerFactory.getLogger(CcServerComponent.class);

    private final BundleContext context;
    private final Counters counters = new Counters();
    private final SocketLoop loop;
    private final Map<Long, LazyHandler> handlers = new ConcurrentHashMap<>();
    private final HandlerRegistry registry;
    private final StatsReporter stats;
    private volatile ServerConfig config;
    private volatile ServerRuntime runtime;

    @Activate
    public CcServerComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        ServerConfig cfg = new ServerConfig(properties);
        config = cfg;
        registry = new HandlerRegistry(cfg.role, new Targets(counters)::create);
        stats = new StatsReporter(counters, new InfoFile(jobName(properties), Instant.now()), cfg);
        loop = new SocketLoop("ccflux-socket", cfg.socket.nthreads);
        try {
            runtime = startRuntime(cfg);
        } catch (RuntimeException e) {
            loop.close();
            stats.close();
            registry.close();
            throw e;
        }
        logEffective(cfg);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ServerConfig next;
        try {
            next = new ServerConfig(properties);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {} refused: {}; the running configuration stays", ServerConfig.PID, e.getMessage());
            return;
        }
        ServerConfig previous = config;
        if (previous.socket.nthreads != next.socket.nthreads) {
            LOG.warn("zmq_nthreads {} applies when the server next starts (running with {})", next.socket.nthreads,
                    previous.socket.nthreads);
        }
        if (previous.needsRebind(next)) {
            rebind(previous, next);
        }
        config = next;
        registry.setRole(next.role);
        stats.reconfigure(next);
        logEffective(next);
    }

    private void rebind(ServerConfig previous, ServerConfig next) {
        runtime.close();
        try {
            runtime = startRuntime(next);
        } catch (RuntimeException e) {
            LOG.error("{}; binding the previous {} again", e.getMessage(), previous.ccSocket);
            runtime = startRuntime(previous);
            throw e;
        }
    }

    private ServerRuntime startRuntime(ServerConfig cfg) {
        Dispatcher dispatcher = new Dispatcher(registry, counters, () -> config.ccStats);
        return new ServerRuntime(loop, cfg, counters, new IngressPipeline(counters, Function.identity()), dispatcher);
    }

    @Deactivate
    void deactivate() {
        runtime.close();
        loop.close(); // closes connections handlers left open
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
        return send(CcMessage.of(request.route(), type, CcJson.toBytes(body), null, null));
    }

    @Override
    public CcConnection connect(String endpoint, Map<String, ?> socketOptions, ConnectionListener listener) {
        ServerConfig.endpoint("endpoint", endpoint);
        return new DealerConnection(loop, endpoint, new SocketOptions(new CcOptions(socketOptions)), listener, counters);
    }

    @Override
    public void add(String name, long delta) {
        counters.add(name, delta);
    }

    private static String jobName(Map<String, Object> properties) {
        Object name = properties.get("job_name");
        return name != null ? name.toString() : "ccflux";
    }

    private static void logEffective(ServerConfig cfg) {
        LOG.info("ccserver configured: {}", cfg);
        if (cfg.roleDefaulted) {
            LOG.warn("cc-role not set: running as insecure, every handler is allowed");
        }
    }
}
