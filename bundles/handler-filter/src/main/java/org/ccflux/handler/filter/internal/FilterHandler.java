package org.ccflux.handler.filter.internal;

import java.util.Map;
import org.ccflux.api.CcForwarder;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.RateLimitedLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CC's filter (reference §6.6): passes each message whose type survives {@code exclude} and {@code include} to the
 * handler instance {@code forward-to}, and counts CC's {@code filter.count}, {@code filter.bytes} and
 * {@code filter.count.<ok|dropped|crashed>} / {@code filter.bytes.<…>}. A target that is not there is counted as
 * {@code filter.count.unrouted} (CC could not start without it). Inline: matching a few patterns does not block.
 */
@Component(service = MessageHandler.class, configurationPid = FilterHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FilterHandler.Config.class, factory = true)
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles({"local", "remote"})
public final class FilterHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.filter";
    private static final Logger LOG = LoggerFactory.getLogger(FilterHandler.class);

    @ObjectClassDefinition(name = "ccflux filter handler", description = "Passes messages whose type matches to another handler.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.")
        String[] routes();

        @AttributeDefinition(name = "forward-to", description = "Instance name of the handler that gets what passes.")
        String forward$_$to();

        @AttributeDefinition(name = "include", description = "Shell patterns (*, ?, [set]) on the whole type; empty: all.", required = false)
        String include() default "";

        @AttributeDefinition(name = "exclude", description = "Shell patterns; a match drops the message, before include.", required = false)
        String exclude() default "";
    }

    private final CcForwarder forwarder;
    private final CcStats stats;
    private final String name;
    private final RateLimitedLog unrouted = new RateLimitedLog(LOG, 1000);
    private volatile FilterRules rules;

    @Activate
    public FilterHandler(@Reference CcForwarder forwarder, @Reference CcStats stats, Map<String, Object> properties) {
        this.forwarder = forwarder;
        this.stats = stats;
        this.name = HandlerNames.of(properties, "filter");
        this.rules = FilterRules.parse(properties);
        LOG.info("filter {}: {}", name, rules);
    }

    /** An invalid configuration is refused (thrown, naming the property) and the running rules stay. */
    @Modified
    void modified(Map<String, Object> properties) {
        rules = FilterRules.parse(properties);
        LOG.info("filter {}: reconfigured: {}", name, rules);
    }

    @Override
    public void handle(CcMessage message) {
        FilterRules r = rules;
        long bytes = message.size();
        count(Outcome.RECEIVED, bytes);
        if (!r.passes(message.type())) {
            count(Outcome.DROPPED, bytes);
            return;
        }
        forwarder.forward(r.target, message).whenComplete((delivered, error) -> {
            if (error != null) {
                count(Outcome.CRASHED, bytes);
                LOG.warn("filter {}: handler {} failed on {}: {}", name, r.target, message.type(), error.toString());
            } else if (delivered) {
                count(Outcome.OK, bytes);
            } else {
                count(Outcome.UNROUTED, bytes);
                unrouted.warn("filter {}: cannot pass {} to {}: no such handler, or its queue is full", name, message.type(), r.target);
            }
        });
    }

    private void count(Outcome outcome, long bytes) {
        stats.add(outcome.count, 1);
        stats.add(outcome.bytes, bytes);
    }

    /** CC's counter names, built once: every message is counted twice. */
    private enum Outcome {
        RECEIVED(""), OK(".ok"), DROPPED(".dropped"), CRASHED(".crashed"), UNROUTED(".unrouted");

        final String count;
        final String bytes;

        Outcome(String suffix) {
            count = "filter.count" + suffix;
            bytes = "filter.bytes" + suffix;
        }
    }
}
