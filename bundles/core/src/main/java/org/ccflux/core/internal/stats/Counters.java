package org.ccflux.core.internal.stats;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.ccflux.api.CcStats;

/**
 * The server's counter table for the current period. Lock-free increments from any thread;
 * {@link #drain()} hands the period's values to the reporter and starts a new period.
 *
 * <p>Counters whose name starts with {@code seconds} hold nanoseconds and are shown as seconds.
 */
public final class Counters implements CcStats {
    private final Period period = new Period();
    private volatile Period bucket;

    @Override
    public void add(String name, long delta) {
        period.add(name, delta);
        Period b = bucket;
        if (b != null) {
            b.add(name, delta);
        }
    }

    /** @return the counters of the period just ended (sorted), and starts a new period */
    public Map<String, Long> drain() {
        return period.drain();
    }

    /** Turns on the second view used for moving averages (drained every 5 seconds). */
    public void enableBuckets(boolean on) {
        bucket = on ? new Period() : null;
    }

    /** @return the counters since the last call (one moving-average bucket) */
    public Map<String, Long> drainBucket() {
        Period b = bucket;
        return b == null ? Map.of() : b.drain();
    }

    /** Formats a counter value: nanoseconds for {@code seconds*} names, plain numbers otherwise. */
    public static String format(String name, long value) {
        return name.startsWith("seconds") ? String.format(Locale.ROOT, "%.6f", value / 1e9) : Long.toString(value);
    }

    /**
     * One view of the counters. Draining swaps in a fresh map; an increment that raced with the swap
     * lands in the retired map and is collected at the next drain instead of being lost.
     */
    private static final class Period {
        private volatile ConcurrentHashMap<String, LongAdder> live = new ConcurrentHashMap<>();
        private ConcurrentHashMap<String, LongAdder> retired = new ConcurrentHashMap<>();

        void add(String name, long delta) {
            live.computeIfAbsent(name, k -> new LongAdder()).add(delta);
        }

        synchronized Map<String, Long> drain() {
            ConcurrentHashMap<String, LongAdder> old = live;
            live = new ConcurrentHashMap<>();
            Map<String, Long> out = new TreeMap<>();
            collect(retired, out, false);
            collect(old, out, true);
            retired = old;
            return out;
        }

        private static void collect(Map<String, LongAdder> from, Map<String, Long> into, boolean keepZero) {
            from.forEach((k, v) -> {
                long n = v.sumThenReset();
                if (n != 0 || keepZero) {
                    into.merge(k, n, Long::sum);
                }
            });
        }
    }
}
