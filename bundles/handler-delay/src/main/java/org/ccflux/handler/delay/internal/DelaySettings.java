package org.ccflux.handler.delay.internal;

import java.util.Map;
import org.ccflux.api.CcOptions;

/** A delay instance's settings: {@code forward-to}, {@code delay} (seconds), {@code queue-size}. Immutable. */
final class DelaySettings {
    static final String FORWARD_TO = "forward-to";
    static final String DELAY = "delay";
    static final String QUEUE_SIZE = "queue-size";
    static final int DEFAULT_QUEUE_SIZE = 100_000;

    final String target;
    final long delayNanos;
    final int queueSize;

    private DelaySettings(String target, long delaySeconds, int queueSize) {
        this.target = target;
        this.delayNanos = delaySeconds * 1_000_000_000L;
        this.queueSize = queueSize;
    }

    /** @throws IllegalArgumentException naming the property on the first invalid value */
    static DelaySettings parse(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        String target = o.string(FORWARD_TO, "");
        if (target.isEmpty()) {
            throw new IllegalArgumentException(FORWARD_TO + " is required: the name of the handler instance to pass messages to");
        }
        return new DelaySettings(target, o.integer(DELAY, 0L, 0L, 7L * 86_400), o.integer(QUEUE_SIZE, DEFAULT_QUEUE_SIZE, 1, 100_000_000));
    }

    @Override
    public String toString() {
        return FORWARD_TO + "=" + target + ", " + DELAY + "=" + delayNanos / 1_000_000_000L + ", " + QUEUE_SIZE + "=" + queueSize;
    }
}
