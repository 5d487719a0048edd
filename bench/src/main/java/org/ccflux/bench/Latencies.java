package org.ccflux.bench;

import java.util.Arrays;

/**
 * Every latency sample of a run, kept exactly (a run has at most a few million) and sorted once for the
 * percentiles: no histogram library is available, and exact samples need no bucket-size argument.
 */
final class Latencies {
    private long[] samples = new long[1 << 16];
    private int size;
    private boolean sorted;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
        sorted = false;
    }

    int count() {
        return size;
    }

    /** @return the {@code q}-quantile (0 < q ≤ 1) in nanoseconds by the nearest-rank method, or -1 if empty */
    long quantile(double q) {
        if (size == 0) {
            return -1;
        }
        if (!sorted) {
            Arrays.sort(samples, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(q * size);
        return samples[Math.min(size, Math.max(1, rank)) - 1];
    }
}
