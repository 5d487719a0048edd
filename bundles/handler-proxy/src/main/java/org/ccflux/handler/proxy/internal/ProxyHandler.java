package org.ccflux.handler.proxy.internal;

import java.util.Map;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CC's proxy handler: forwards every message routed to it, unchanged, to the CC server {@code remote-cc}
 * and relays what comes back to the original sender. Several instances on one route each get a copy
 * (fail-over collocation: one message to two data centres).
 *
 * <p>Runs inline on the socket thread: a forward is one non-blocking ZeroMQ send, with no thread hop.
 */
@Component(service = MessageHandler.class, configurationPid = ProxyHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true) // connect and ping at once, not on the first message
@Designate(ocd = ProxyHandler.Config.class, factory = true)
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles({"local", "remote"})
public final class ProxyHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.proxy";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

    @ObjectClassDefinition(name = "ccflux proxy handler", description = "Forwards messages to another CC server and relays replies.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance forwards.")
        String[] routes();

        @AttributeDefinition(name = "remote-cc", description = "tcp:// endpoint of the CC server to forward to.")
        String remote$_$cc();

        @AttributeDefinition(name = "ping", description = "Ping the remote every second and track it as up, late or down.", required = false)
        boolean ping() default false;

        @AttributeDefinition(name = "zmq_hwm", description = "Messages ZeroMQ holds for the remote; beyond that they are dropped and counted.", required = false)
        int zmq_hwm() default ProxyConfig.DEFAULT_HWM;

        @AttributeDefinition(name = "zmq_linger", description = "ms to let queued messages go out when the proxy stops.", required = false)
        int zmq_linger() default 500;

        @AttributeDefinition(name = "zmq_reconnect_ivl", description = "First reconnect delay (ms) after the remote went away.", required = false)
        int zmq_reconnect_ivl() default 100;

        @AttributeDefinition(name = "zmq_reconnect_ivl_max", description = "Reconnect back-off limit (ms).", required = false)
        int zmq_reconnect_ivl_max() default 5000;

        @AttributeDefinition(name = "curve-server-key", description = "Encrypt the connection with CurveZMQ: name of the remote's"
                + " public key (<curve-keystore>/<name>.curve); empty: plain ZeroMQ, as CC.", required = false)
        String curve$_$server$_$key() default "";

        @AttributeDefinition(name = "curve-key", description = "This proxy's own CurveZMQ key pair; empty: a fresh pair per connection.",
                required = false)
        String curve$_$key() default "";

        @AttributeDefinition(name = "curve-keystore", description = "Directory of the CurveZMQ keys; empty: the ccflux home.", required = false)
        String curve$_$keystore() default "";
    }

    private final CcConnector connector;
    private final CcSender sender;
    private final ProxyCounters counters;
    private final String name;
    private volatile RemoteLink link;

    @Activate
    public ProxyHandler(@Reference CcConnector connector, @Reference CcSender sender, @Reference CcStats stats,
            Map<String, Object> properties) {
        this.connector = connector;
        this.sender = sender;
        this.name = HandlerNames.of(properties, "proxy");
        this.counters = new ProxyCounters(stats, name);
        this.link = RemoteLink.open(name, ProxyConfig.parse(properties), connector, sender, counters);
    }

    /** A new remote or socket option reconnects; an invalid one is refused (thrown) and the old link stays. */
    @Modified
    void modified(Map<String, Object> properties) {
        ProxyConfig next = ProxyConfig.parse(properties);
        RemoteLink old = link;
        if (next.equals(old.config)) {
            return;
        }
        link = RemoteLink.open(name, next, connector, sender, counters);
        old.close();
        LOG.info("proxy {}: reconfigured ({} -> {})", name, old.config, next);
    }

    @Deactivate
    void deactivate() {
        link.close();
    }

    @Override
    public void handle(CcMessage message) {
        link.forward(message);
    }

    RemoteState remoteState() {
        return link.state();
    }
}
