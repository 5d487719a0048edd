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

    /**
     * A handle for a counter added to on every message: its cells are looked up once and never retired, so an
     * increment is two {@link LongAdder} adds instead of two map lookups.
     */
    public Counter counter(String name) {
        Cell periodCell = period.pin(name);
        return new Counter() {
            private volatile BucketCell bucketCell = new BucketCell(null, null);

            @Override
            public void add(long delta) {
                periodCell.sum.add(delta);
                Period b = bucket;
                if (b != null) {
                    BucketCell bc = bucketCell;
                    if (bc.bucket != b) { // buckets were switched on again since: a new view
                        bc = new BucketCell(b, b.pin(name));
                        bucketCell = bc;
                    }
                    bc.cell.sum.add(delta);
                }
            }
        };
    }

    /** The cell of one bucket view, replaced as a whole so that a racing reader never pairs a view with another's cell. */
    private record BucketCell(Period bucket, Cell cell) {
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
     * One view of the counters: a map that lives as long as the server, drained with
     * {@link LongAdder#sumThenReset()}, so an increment racing a drain lands in the next period instead of
     * being lost. A counter idle for {@link #IDLE_PERIODS} drains is retired and removed, which bounds
     * memory (per-type counters of {@code cc-stats=2}) without losing an increment that races the removal:
     * whoever touches a retired cell after its last drain moves what it holds into the live map
     * ({@code sumThenReset} moves each increment exactly once).
     */
    private static final class Period {
        private static final int IDLE_PERIODS = 10;
        private final ConcurrentHashMap<String, Cell> live = new ConcurrentHashMap<>();

        void add(String name, long delta) {
            Cell cell = live.computeIfAbsent(name, k -> new Cell());
            cell.sum.add(delta);
            if (cell.retired) {
                transfer(name, cell);
            }
        }

        private void transfer(String name, Cell retired) {
            long moved = retired.sum.sumThenReset();
            if (moved != 0) {
                add(name, moved);
            }
        }

        /** @return the counter's cell, from now on never retired (its name is counted all the time) */
        synchronized Cell pin(String name) {
            Cell cell = live.computeIfAbsent(name, k -> new Cell());
            cell.pinned = true;
            return cell;
        }

        synchronized Map<String, Long> drain() {
            Map<String, Long> out = new TreeMap<>();
            live.forEach((name, cell) -> {
                long n = cell.sum.sumThenReset();
                if (n != 0) {
                    out.put(name, n);
                    cell.idlePeriods = 0;
                } else if (!cell.pinned && ++cell.idlePeriods >= IDLE_PERIODS && live.remove(name, cell)) {
                    cell.retired = true;
                    transfer(name, cell);
                }
            });
            return out;
        }
    }

    private static final class Cell {
        final LongAdder sum = new LongAdder();
        volatile boolean retired;
        int idlePeriods; // drain only, under the Period lock
        boolean pinned; // under the Period lock
    }
}
