package org.ccflux.handler.locallogger.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.Routes;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CC's locallogger: writes each {@code log.*} record into the server log as
 * {@code [<job_name>@<hostname>] <HH:MM:SS,mmm> <LEVEL> <log_msg>}, at the logging level matching the
 * record's {@code log_level}, on logger {@value #RECORDS_LOGGER} so operators can route and filter them.
 */
@Component(service = MessageHandler.class, configurationPid = LocalLoggerHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalLoggerHandler.Config.class, factory = true)
@Routes("log")
@HandlerExecution(HandlerExecution.WORKER)
@CcRoles({"local", "remote"})
public final class LocalLoggerHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.locallogger";
    /** The logger that carries the forwarded records. */
    public static final String RECORDS_LOGGER = "cc.log";

    private static final Logger LOG = LoggerFactory.getLogger(LocalLoggerHandler.class);
    private static final Logger RECORDS = LoggerFactory.getLogger(RECORDS_LOGGER);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss,SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    @ObjectClassDefinition(name = "ccflux locallogger handler", description = "Writes log.* records into the server log.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.")
        String[] routes() default "log";
    }

    @Override
    public void handle(CcMessage message) {
        JsonNode body;
        try {
            body = message.json();
        } catch (InvalidMessageException e) {
            LOG.info("non-log msg: {} ({})", message.type(), e.reason());
            return;
        }
        if (!body.has("log_level")) {
            LOG.info("non-log msg: {}", message.type());
            return;
        }
        String level = body.path("log_level").asText("");
        String line = format(body);
        switch (level.toUpperCase(Locale.ROOT)) {
            case "TRACE":
                RECORDS.trace("{}", line);
                break;
            case "DEBUG":
                RECORDS.debug("{}", line);
                break;
            case "WARNING":
            case "WARN":
                RECORDS.warn("{}", line);
                break;
            case "ERROR":
            case "CRITICAL":
            case "FATAL":
                RECORDS.error("{}", line);
                break;
            default:
                RECORDS.info("{}", line);
        }
    }

    /** The CC line; milliseconds are rounded on the whole instant, so .9996 s carries into the next second. */
    static String format(JsonNode body) {
        long millis = Math.round(body.path("log_time").asDouble() * 1000.0);
        return "[" + body.path("job_name").asText("?") + "@" + body.path("hostname").asText("?") + "] "
                + TIME.format(Instant.ofEpochMilli(millis)) + " " + body.path("log_level").asText("") + " "
                + body.path("log_msg").asText("");
    }
}
