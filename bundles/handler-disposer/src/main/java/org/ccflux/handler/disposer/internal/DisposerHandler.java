package org.ccflux.handler.disposer.internal;

import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.Routes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** CC's disposer: discards what it is routed, counting {@code disposed_count} and {@code disposed_bytes}. */
@Component(service = MessageHandler.class, configurationPid = DisposerHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DisposerHandler.Config.class, factory = true)
@Routes("*")
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles({"local", "remote"})
public final class DisposerHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.disposer";

    @ObjectClassDefinition(name = "ccflux disposer handler", description = "Discards messages, counting them.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes to discard; * for everything else unrouted too.")
        String[] routes() default "*";
    }

    private final CcStats stats;

    @Activate
    public DisposerHandler(@Reference CcStats stats) {
        this.stats = stats;
    }

    @Override
    public void handle(CcMessage message) {
        stats.add("disposed_count", 1);
        stats.add("disposed_bytes", message.size());
    }
}
