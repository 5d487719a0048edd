package org.ccflux.core.internal.stats;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ccflux.core.internal.NamedThreads;
import org.ccflux.core.internal.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code stats-period}: logs CC's stats line ({@code {count: 12, bytes: 3400, ...}}) and rewrites
 * the info file. The line appears even when idle ({@code count} is always present): it is the server's
 * heartbeat in the log, as in CC. Runs on its own thread, so file I/O never touches the socket thread.
 */
public final class StatsReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsReporter.class);

    private final Counters counters;
    private final InfoFile infoFile;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("ccflux-stats"));
    private final Map<String, Long> totals = new TreeMap<>();
    private final MovingAverages averages = new MovingAverages();
    private volatile ServerConfig config;
    private ScheduledFuture<?> periodTask;
    private ScheduledFuture<?> bucketTask;

    public StatsReporter(Counters counters, InfoFile infoFile, ServerConfig config) {
        this.counters = counters;
        this.infoFile = infoFile;
        reconfigure(config);
    }

    /** Applies new {@code cc-stats}, {@code stats-period} and info-file settings; keeps the totals. */
    public synchronized void reconfigure(ServerConfig next) {
        config = next;
        if (periodTask != null) {
            periodTask.cancel(false);
        }
        if (bucketTask != null) {
            bucketTask.cancel(false);
        }
        boolean buckets = next.ccStats > 0 && next.infofile != null && next.infofileLevel >= 3;
        counters.enableBuckets(buckets);
        if (next.ccStats > 0) {
            periodTask = timer.scheduleAtFixedRate(this::safeReport, next.statsPeriodSeconds, next.statsPeriodSeconds,
                    TimeUnit.SECONDS);
        } else {
            LOG.warn("cc-stats is 0: no stats line and no info file");
        }
        if (buckets) {
            bucketTask = timer.scheduleAtFixedRate(() -> averages.push(counters.drainBucket()),
                    MovingAverages.BUCKET_SECONDS, MovingAverages.BUCKET_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void safeReport() {
        try {
            report();
        } catch (RuntimeException e) {
            // Never let one bad period cancel the fixed-rate task.
            LOG.error("stats period failed", e);
        }
    }

    /** One stats period: the line, the totals, the info file. Package-visible for tests. */
    synchronized void report() {
        ServerConfig cfg = config;
        Map<String, Long> latest = counters.drain();
        latest.putIfAbsent("count", 0L); // the line appears every period, even idle: CC's heartbeat
        latest.forEach((k, v) -> totals.merge(k, v, Long::sum));
        if (cfg.infofile != null && cfg.infofileLevel > 0) {
            try {
                InfoFile.writeAtomically(cfg.infofile, infoFile.render(cfg.infofileLevel, cfg.statsPeriodSeconds,
                        totals, latest, averages, Instant.now()));
            } catch (IOException e) {
                LOG.warn("cannot write info file {}: {}", cfg.infofile, e.toString());
            }
        }
        LOG.info("{}", line(latest));
    }

    /** Runs one period now (used at shutdown and by tests). */
    public void reportNow() {
        safeReport();
    }

    static String line(Map<String, Long> values) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        values.forEach((k, v) -> j.add(k + ": " + Counters.format(k, v)));
        return j.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
