package org.ccflux.handler.delay.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CC's delay (reference §6.5): holds each message for {@code delay} seconds, then passes it to the handler instance
 * {@code forward-to}, in arrival order, checking every 250 ms as CC does. Counts CC's {@code delay.count},
 * {@code delay.bytes} and {@code delay.count.<ok|crashed>} / {@code delay.bytes.<…>} when a message is passed on,
 * {@code delay.count.unrouted} when the target is not there. Unlike CC the queue is bounded ({@code queue-size}):
 * a message beyond it is dropped and counted in {@code delay.count.overflow}. The timer is this instance's own
 * thread ({@code ccflux-delay-<name>}), stopped on deactivation; messages still held then are counted in
 * {@code delay.count.discarded}.
 */
@Component(service = MessageHandler.class, configurationPid = DelayHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DelayHandler.Config.class, factory = true)
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles({"local", "remote"})
public final class DelayHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.delay";
    static final long TICK_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(DelayHandler.class);

    @ObjectClassDefinition(name = "ccflux delay handler", description = "Holds messages for a time, then passes them to another handler.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.")
        String[] routes();

        @AttributeDefinition(name = "forward-to", description = "Instance name of the handler that gets the messages.")
        String forward$_$to();

        @AttributeDefinition(name = "delay", description = "Seconds to hold each message.", required = false)
        int delay() default 0;

        @AttributeDefinition(name = "queue-size", description = "Most messages held; beyond that they are dropped and counted.", required = false)
        int queue$_$size() default DelaySettings.DEFAULT_QUEUE_SIZE;
    }

    private final CcForwarder forwarder;
    private final CcStats stats;
    private final String name;
    private final LongSupplier nanoClock;
    private final DueQueue queue = new DueQueue();
    private final RateLimitedLog overflow = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog unrouted = new RateLimitedLog(LOG, 1000);
    private final ScheduledExecutorService timer;
    private volatile DelaySettings settings;

    @Activate
    public DelayHandler(@Reference CcForwarder forwarder, @Reference CcStats stats, Map<String, Object> properties) {
        this(forwarder, stats, properties, System::nanoTime, true);
    }

    /** @param startTimer false in tests that call {@link #releaseDue()} themselves, on their own clock */
    DelayHandler(CcForwarder forwarder, CcStats stats, Map<String, Object> properties, LongSupplier nanoClock, boolean startTimer) {
        this.forwarder = forwarder;
        this.stats = stats;
        this.name = HandlerNames.of(properties, "delay");
        this.nanoClock = nanoClock;
        this.settings = DelaySettings.parse(properties);
        this.timer = startTimer ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccflux-delay-" + name);
            t.setDaemon(true);
            return t;
        }) : null;
        if (timer != null) {
            timer.scheduleWithFixedDelay(this::releaseSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        LOG.info("delay {}: {}", name, settings);
    }

    /** Applies to messages from now on; those held keep their due time. Invalid: refused (thrown), the old ones stay. */
    @Modified
    void modified(Map<String, Object> properties) {
        settings = DelaySettings.parse(properties);
        LOG.info("delay {}: reconfigured: {}", name, settings);
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        List<CcMessage> discarded = queue.drain();
        if (!discarded.isEmpty()) {
            stats.add("delay.count.discarded", discarded.size());
            LOG.warn("delay {}: stopped with {} messages held; they are discarded", name, discarded.size());
        }
    }

    @Override
    public void handle(CcMessage message) {
        DelaySettings s = settings;
        if (!queue.add(message, nanoClock.getAsLong() + s.delayNanos, s.queueSize)) {
            count(Outcome.OVERFLOW, message.size());
            overflow.warn("delay {}: {} messages held (queue-size), dropping {}", name, s.queueSize, message.type());
        }
    }

    /** Passes every message that is due to the target, in order; on the timer thread. */
    void releaseDue() {
        String target = settings.target;
        for (CcMessage m : queue.takeDue(nanoClock.getAsLong())) {
            long bytes = m.size();
            count(Outcome.RELEASED, bytes);
            forwarder.forward(target, m).whenComplete((delivered, error) -> {
                if (error != null) {
                    count(Outcome.CRASHED, bytes);
                    LOG.warn("delay {}: handler {} failed on {}: {}", name, target, m.type(), error.toString());
                } else if (delivered) {
                    count(Outcome.OK, bytes);
                } else {
                    count(Outcome.UNROUTED, bytes);
                    unrouted.warn("delay {}: cannot pass {} to {}: no such handler, or its queue is full", name, m.type(), target);
                }
            });
        }
    }

    int held() {
        return queue.size();
    }

    private void releaseSafely() {
        try {
            releaseDue();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.error("delay {}: releasing held messages failed", name, e);
        }
    }

    private void count(Outcome outcome, long bytes) {
        stats.add(outcome.count, 1);
        stats.add(outcome.bytes, bytes);
    }

    /** CC's counter names, built once. */
    private enum Outcome {
        RELEASED(""), OK(".ok"), CRASHED(".crashed"), UNROUTED(".unrouted"), OVERFLOW(".overflow");

        final String count;
        final String bytes;

        Outcome(String suffix) {
            count = "delay.count" + suffix;
            bytes = "delay.bytes" + suffix;
        }
    }
}
