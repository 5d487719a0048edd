package org.ccflux.core.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.internal.config.Role;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler whiteboard: bind, update and unbind rebuild an immutable {@link RoutingTable} under this
 * object's lock and publish it through a volatile field; the socket thread reads it without locking.
 *
 * <p>Bad registrations never throw back into SCR: an invalid new handler is ignored with a warning; an
 * invalid update of a running handler is refused and its previous routes keep serving.
 */
public final class HandlerRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

    private final BiFunction<HandlerSpec, MessageHandler, Target> targets;
    private final Map<Long, Bound> bound = new LinkedHashMap<>();
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private Role role;

    /** @param targets creates the dispatch target (inline call or worker lane) for a handler */
    public HandlerRegistry(Role role, BiFunction<HandlerSpec, MessageHandler, Target> targets) {
        this.role = role;
        this.targets = targets;
    }

    /** @return the current snapshot; lock-free */
    public RoutingTable table() {
        return table;
    }

    public synchronized void bind(MessageHandler handler, Map<String, ?> props) {
        HandlerSpec spec;
        try {
            spec = new HandlerSpec(props);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring handler {}: {}", props.get("component.name"), e.getMessage());
            return;
        }
        bound.put(spec.serviceId, new Bound(spec, handler, targets.apply(spec, handler)));
        LOG.info("handler {} bound: {}", spec.name, spec);
        rebuild();
    }

    public synchronized void updated(MessageHandler handler, Map<String, ?> props) {
        long id = serviceId(props);
        Bound old = bound.get(id);
        HandlerSpec spec;
        try {
            spec = new HandlerSpec(props);
        } catch (IllegalArgumentException e) {
            if (old != null) {
                LOG.error("handler {}: new configuration refused, {}; keeping {}", old.spec.name, e.getMessage(), old.spec);
            } else {
                LOG.warn("Ignoring handler {}: {}", props.get("component.name"), e.getMessage());
            }
            return;
        }
        if (old == null) {
            bind(handler, props);
            return;
        }
        Target target = old.spec.sameExecution(spec) ? old.target : targets.apply(spec, handler);
        bound.put(id, new Bound(spec, handler, target));
        LOG.info("handler {} updated: {}", spec.name, spec);
        rebuild();
        if (target != old.target) {
            old.target.close();
        }
    }

    public synchronized void unbind(MessageHandler handler, Map<String, ?> props) {
        Bound old = bound.remove(serviceId(props));
        if (old != null) {
            rebuild();
            old.target.close();
            LOG.info("handler {} unbound", old.spec.name);
        }
    }

    /** Re-checks every handler against a new {@code cc-role}. */
    public synchronized void setRole(Role next) {
        if (next != role) {
            role = next;
            rebuild();
        }
    }

    private void rebuild() {
        RoutingTable.Builder b = new RoutingTable.Builder();
        for (Bound h : bound.values()) {
            if (!h.spec.allowedIn(role)) {
                LOG.error("Handler {} cannot be run in role {} (allowed: {}); it gets no messages", h.spec.name,
                        role.label(), h.spec.roles);
                continue;
            }
            for (String prefix : h.spec.routes) {
                b.add(prefix, h.target, h.spec.ranking, h.spec.serviceId);
            }
            b.name(h.target);
        }
        for (String name : b.ambiguousNames()) {
            LOG.error("Several handlers are named {}: messages forwarded to {} are refused; give them distinct names", name, name);
        }
        table = b.build();
    }

    /** @return bound handler specs, for status output */
    public synchronized List<HandlerSpec> specs() {
        List<HandlerSpec> out = new ArrayList<>();
        bound.values().forEach(b -> out.add(b.spec));
        return out;
    }

    @Override
    public synchronized void close() {
        table = RoutingTable.EMPTY;
        bound.values().forEach(b -> b.target.close());
        bound.clear();
    }

    private static long serviceId(Map<String, ?> props) {
        Object id = props.get(Constants.SERVICE_ID);
        return id instanceof Number ? ((Number) id).longValue() : Long.parseLong(String.valueOf(id));
    }

    private static final class Bound {
        final HandlerSpec spec;
        final MessageHandler handler;
        final Target target;

        Bound(HandlerSpec spec, MessageHandler handler, Target target) {
            this.spec = spec;
            this.handler = handler;
            this.target = target;
        }
    }
}
