package org.ccflux.handler.echo.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.InvalidMessageException;
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
    static final String RESPONSE = "echo.response";
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
        sender.reply(message, message.signer().isPresent() ? response(message.json()) : response(message.body()));
    }

    /**
     * The response to a plain-JSON request body, read with a streaming parser: echo runs on the socket
     * thread for every ping, and building a tree of the whole body cost more than the rest of the hop.
     */
    static ObjectNode response(byte[] requestBody) throws InvalidMessageException {
        JsonNode hostname = null;
        JsonNode target = null;
        JsonNode time = null;
        try (JsonParser p = CcJson.MAPPER.createParser(requestBody)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidMessageException("body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "hostname" -> hostname = p.readValueAsTree();
                    case "target" -> target = p.readValueAsTree();
                    case "time" -> time = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new InvalidMessageException("body is not JSON");
        }
        return response(hostname, target, time);
    }

    /** The response carries the request's hostname, target and time as {@code orig_*}. */
    static ObjectNode response(JsonNode request) {
        return response(request.get("hostname"), request.get("target"), request.get("time"));
    }

    /** Missing request fields are answered as JSON null (CC's echo would crash on them). */
    private static ObjectNode response(JsonNode hostname, JsonNode target, JsonNode time) {
        ObjectNode body = CcJson.header(RESPONSE);
        body.set("orig_hostname", hostname);
        body.set("orig_target", target);
        body.set("orig_time", time);
        return body;
    }
}
