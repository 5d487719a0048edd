package org.ccflux.api;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN line at most once per interval, with the number of similar events suppressed since the last
 * one. Bad input arrives in floods (a broken client, a scan); the counters carry every event, the log
 * carries the first and a summary. Thread-safe; for handlers as much as for the core.
 *
 * @since 1.2
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private final LongSupplier nanoClock;

    /** @param intervalMillis the least time between two lines */
    public RateLimitedLog(Logger log, long intervalMillis) {
        this(log, intervalMillis, System::nanoTime);
    }

    RateLimitedLog(Logger log, long intervalMillis, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /** Logs at WARN (SLF4J {@code {}} format) unless a line went out less than the interval ago; then counts it. */
    public void warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            if (skipped > 0) {
                log.warn(format + " (and {} similar since the last report)", append(args, skipped));
            } else {
                log.warn(format, args);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }
}
