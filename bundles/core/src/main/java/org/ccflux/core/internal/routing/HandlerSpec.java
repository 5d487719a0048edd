package org.ccflux.core.internal.routing;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.MessageType;
import org.ccflux.api.CcOptions;
import org.ccflux.core.internal.config.Role;
import org.osgi.framework.Constants;

/** A handler service's routing properties, validated. Invalid properties throw, naming the property. */
public final class HandlerSpec {
    public final String name;
    public final List<String> routes;
    public final boolean inline;
    public final int queueSize;
    public final int concurrency;
    public final Set<Role> roles;
    public final int ranking;
    public final long serviceId;

    public HandlerSpec(Map<String, ?> props) {
        CcOptions p = new CcOptions(props);
        serviceId = (long) p.integer(Constants.SERVICE_ID, 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        ranking = p.integer(Constants.SERVICE_RANKING, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        name = HandlerNames.of(props, p.string("component.name", "handler") + "#" + serviceId);
        routes = p.list(MessageHandler.ROUTES, List.of()); // none: the handler gets forwarded messages only (CcForwarder)
        for (String r : routes) {
            if (!MessageType.isValidPattern(r)) {
                throw CcOptions.invalid(MessageHandler.ROUTES, r, "* or dotted components of letters, digits, _ and -");
            }
        }
        String mode = p.string(MessageHandler.EXECUTION, HandlerExecution.WORKER).toLowerCase(Locale.ROOT);
        if (!mode.equals(HandlerExecution.WORKER) && !mode.equals(HandlerExecution.INLINE)) {
            throw CcOptions.invalid(MessageHandler.EXECUTION, mode, "inline or worker");
        }
        inline = mode.equals(HandlerExecution.INLINE);
        queueSize = p.integer(MessageHandler.QUEUE_SIZE, 1000, 1, 10_000_000);
        concurrency = p.integer(MessageHandler.CONCURRENCY, 1, 1, 1024);
        List<String> roleNames = p.list(MessageHandler.ROLES, List.of("local", "remote"));
        EnumSet<Role> r = EnumSet.noneOf(Role.class);
        for (String role : roleNames) {
            try {
                r.add(Role.parse(role));
            } catch (IllegalArgumentException e) {
                throw CcOptions.invalid(MessageHandler.ROLES, role, "local, remote or insecure");
            }
        }
        roles = Set.copyOf(r);
    }

    /** @return true if a server of {@code role} may run this handler (insecure runs everything) */
    public boolean allowedIn(Role role) {
        return role == Role.INSECURE || roles.contains(role);
    }

    /** @return true if both specs need the same kind of target (no new lane needed) */
    public boolean sameExecution(HandlerSpec o) {
        return inline == o.inline && queueSize == o.queueSize && concurrency == o.concurrency;
    }

    @Override
    public String toString() {
        return name + " routes=" + routes + (inline ? " inline" : " worker(queue=" + queueSize + ", concurrency=" + concurrency + ")");
    }
}
