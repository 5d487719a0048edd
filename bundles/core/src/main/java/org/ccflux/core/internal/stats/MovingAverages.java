package org.ccflux.core.internal.stats;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CC's moving averages for info-file level 3: a ring of 5-second buckets (181, newest first), summed
 * over the last 12, 60 and 180 complete buckets as {@code [avg:60]}, {@code [avg:300]} and
 * {@code [avg:900]}. Used from the stats thread only.
 */
public final class MovingAverages {
    public static final int BUCKET_SECONDS = 5;
    static final int RING = 181;
    private static final int[] WINDOWS = {12, 60, 180};

    private final Deque<Map<String, Long>> ring = new ArrayDeque<>(RING);

    public void push(Map<String, Long> bucket) {
        ring.addFirst(bucket);
        while (ring.size() > RING) {
            ring.removeLast();
        }
    }

    /** Appends the {@code [avg:N]} sections, each followed by a blank line. */
    public void render(StringBuilder out) {
        for (int buckets : WINDOWS) {
            Map<String, Long> sums = new TreeMap<>();
            int i = 0;
            for (Map<String, Long> b : ring) {
                if (i++ == buckets) {
                    break;
                }
                b.forEach((k, v) -> sums.merge(k, v, Long::sum));
            }
            int seconds = buckets * BUCKET_SECONDS;
            out.append("[avg:").append(seconds).append("]\n");
            sums.forEach((k, v) -> {
                double sum = k.startsWith("seconds") ? v / 1e9 : v;
                out.append(k).append(": ").append(String.format(Locale.ROOT, "%s %.3f %.3f",
                        Counters.format(k, v), sum / buckets, sum / seconds)).append('\n');
            });
            out.append('\n');
        }
    }
}
