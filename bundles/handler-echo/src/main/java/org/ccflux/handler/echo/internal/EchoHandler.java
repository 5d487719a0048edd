package org.ccflux.handler.echo.internal;

import java.util.List;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.Routes;
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
 * CC's echo handler: answers {@code echo.request} with {@code echo.response} (passive), and with
 * {@code ping-remotes} pings other CC servers every second and warns when they stop answering (active).
 */
@Component(service = MessageHandler.class, configurationPid = EchoHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true) // ping-remotes starts at once, not on the first message
@Designate(ocd = EchoHandler.Config.class, factory = true)
@Routes("echo")
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles({"local", "remote"})
public final class EchoHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.echo";
    static final String REQUEST = "echo.request";
    private static final Logger LOG = LoggerFactory.getLogger(EchoHandler.class);

    @ObjectClassDefinition(name = "ccflux echo handler", description = "Answers echo.request; optionally pings other CC servers.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.")
        String[] routes() default "echo";

        @AttributeDefinition(name = "ping-remotes", description = "Comma-separated tcp:// endpoints of CC servers to ping every second.", required = false)
        String ping$_$remotes() default "";
    }

    private final CcSender sender;
    private final CcStats stats;
    private volatile EchoPinger pinger;

    @Activate
    public EchoHandler(@Reference CcSender sender, @Reference CcStats stats, Map<String, Object> properties) {
        this.sender = sender;
        this.stats = stats;
        this.pinger = EchoPinger.start(PingTargets.parse(properties), stats, sender);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        List<String> next = PingTargets.parse(properties); // throws, naming ping-remotes, if invalid: the old pinger stays
        EchoPinger old = pinger;
        if (!next.equals(old.targets())) {
            old.close();
            pinger = EchoPinger.start(next, stats, sender);
        }
    }

    @Deactivate
    void deactivate() {
        pinger.close();
    }

    @Override
    public void handle(CcMessage message) throws Exception {
        if (!REQUEST.equals(message.type())) {
            LOG.warn("unknown msg: {}", message.type());
            return;
        }
        // A verified (or decrypted) request is already parsed; a plain one is only scanned.
        byte[] response = message.signer().isPresent() ? EchoResponse.of(message.json()) : EchoResponse.of(message.body());
        sender.reply(message, EchoResponse.TYPE, response);
    }
}
