package org.ccflux.handler.tailwriter.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.Routes;
import org.ccflux.handler.files.FileOptions;
import org.ccflux.handler.files.Lanes;
import org.ccflux.handler.files.Rejected;
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
 * CC's tailwriter (reference §6.11): appends the chunks CC's logtail daemon streams ({@code pub.logtail}) to one
 * file per source file under {@code dstdir}, in order, in classic or rotated mode, checking {@code fpos}.
 *
 * <p>Threads. Execution is {@code worker}: the core's lane for this handler (bounded, one thread, arrival
 * order) is the intake; there the body is parsed and the destination resolved, and the chunk goes, without
 * blocking, to the {@link Lanes lane} its destination hashes to. Only lanes touch files, so a stalled disk fills
 * this handler's bounded lane queues (overflow dropped and counted), never the socket thread or the core's lane.
 * The flush and close timers run on a scheduler this instance owns ({@code ccflux-tailwriter-<name>-maint}),
 * which only asks each lane to do its maintenance on the lane's own thread. Leave {@code handler.concurrency}
 * at 1: arrival order into the lanes is what keeps a file's chunks in order.
 */
@Component(service = MessageHandler.class, configurationPid = TailWriterHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true) // validate dstdir and start the lanes and timers when configured, not on the first message
@Designate(ocd = TailWriterHandler.Config.class, factory = true)
@Routes("pub.logtail")
@HandlerExecution(HandlerExecution.WORKER)
@CcRoles("remote")
public final class TailWriterHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.tailwriter";
    /** How long deactivation waits for queued chunks to be appended before abandoning them. */
    static final long DRAIN_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(TailWriterHandler.class);

    /** The OCD: the options every file-writing handler has ({@link FileOptions.Metatype}) and the tailwriter's. */
    @ObjectClassDefinition(name = "ccflux tailwriter handler",
            description = "Appends pub.logtail chunks (CC's logtail daemon) to files under a directory (CC's tailwriter).")
    interface Config extends FileOptions.Metatype {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.", defaultValue = "pub.logtail")
        String[] routes();

        @AttributeDefinition(name = "maint-period", description = "Seconds between flush/close checks (files are flushed 3 s and closed 30 s after their last write).",
                required = false, defaultValue = "" + TailWriterConfig.DEFAULT_MAINT_PERIOD)
        int maint$_$period();

        @AttributeDefinition(name = "buffer-bytes", description = "With write-compressed = yes: decompressed bytes gathered per file before "
                + "they are compressed and appended (e.g. 1 MB; at least 64 KB).", required = false, defaultValue = TailWriterConfig.DEFAULT_BUFFER_BYTES)
        String buffer$_$bytes();

        @AttributeDefinition(name = "queue-bytes", description = "Bytes of chunks waiting for the worker threads, all together (e.g. 64 MB).",
                required = false, defaultValue = TailWriterConfig.DEFAULT_QUEUE_BYTES)
        String queue$_$bytes();

        @AttributeDefinition(name = "max-chunk-size", description = "Largest chunk accepted, received or decompressed (e.g. 64 MB).",
                required = false, defaultValue = TailWriterConfig.DEFAULT_MAX_CHUNK_SIZE)
        String max$_$chunk$_$size();

        @AttributeDefinition(name = "max-open-files", description = "Files kept open at once, all together; the least recently written is closed first.",
                required = false, defaultValue = "" + TailWriterConfig.DEFAULT_MAX_OPEN_FILES)
        int max$_$open$_$files();
    }

    private final String name;
    private final Report report;
    private final Clock clock;
    private final LaneWriter.WriteGate gate;
    private final ScheduledThreadPoolExecutor maint;
    /** Guarded by this. */
    private ScheduledFuture<?> tick;
    private volatile TailWriterConfig config;
    private volatile Lanes<LaneWriter.Job> lanes;
    /** The writers of {@link #lanes}, handed to the next set to take over from; guarded by this. */
    private List<LaneWriter> writers = List.of();
    /** Tests shorten it. */
    volatile long drainMillis = DRAIN_MILLIS;

    @Activate
    public TailWriterHandler(@Reference CcStats stats, Map<String, Object> properties) {
        this(stats, properties, Clock.systemDefaultZone(), LaneWriter.WriteGate.OPEN);
    }

    /** @param clock the time the flush, close and rotated-name rules read (tests pass a manual one) */
    TailWriterHandler(CcStats stats, Map<String, ?> properties, Clock clock, LaneWriter.WriteGate gate) {
        TailWriterConfig cfg = TailWriterConfig.parse(properties);
        this.name = HandlerNames.of(properties, "tailwriter");
        this.report = new Report(name, new TailCounters(stats, name));
        this.clock = clock;
        this.gate = gate;
        this.config = cfg;
        String thread = "ccflux-tailwriter-" + name + "-maint";
        this.maint = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        maint.setRemoveOnCancelPolicy(true);
        synchronized (this) {
            this.lanes = newLanes(cfg, null);
            schedule(cfg.maintPeriodSeconds);
        }
        logEffective("configured", cfg);
    }

    /**
     * Applies a new configuration while chunks flow: chunks already queued are appended as they were resolved;
     * new lane counts or bounds start new lanes that take over after the old ones finish. An invalid
     * configuration is refused (thrown, naming the property) and the running one stays.
     */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        TailWriterConfig next = TailWriterConfig.parse(properties);
        TailWriterConfig old = config;
        if (next.toString().equals(old.toString())) {
            return; // e.g. only routes changed: the core applies that
        }
        if (!old.sameLanes(next)) {
            lanes = newLanes(next, lanes); // the new lanes take over once the old ones have appended their queue
        }
        config = next;
        if (next.maintPeriodSeconds != old.maintPeriodSeconds) {
            tick.cancel(false);
            schedule(next.maintPeriodSeconds);
        }
        logEffective("reconfigured", next);
    }

    /** Stops the timers, appends what is queued (up to {@value #DRAIN_MILLIS} ms), closes every file. */
    @Deactivate
    void deactivate() {
        synchronized (this) {
            tick.cancel(false);
        }
        maint.shutdownNow();
        try {
            maint.awaitTermination(1, TimeUnit.SECONDS);
            int abandoned = lanes.close(drainMillis);
            if (abandoned > 0) {
                report.counters.add(report.counters.abandoned, abandoned);
                LOG.warn("tailwriter {}: stopped with {} chunks still queued, not appended", name, abandoned);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("tailwriter {}: interrupted while appending the queued chunks", name);
        }
    }

    /** Intake, on the core's lane: parse, resolve, hand to the destination's lane. Never blocks, never throws. */
    @Override
    public void handle(CcMessage message) {
        TailWriterConfig cfg = config;
        LogChunk chunk;
        Path base;
        try {
            chunk = LogChunk.of(message);
            base = cfg.files.destination(chunk.message);
        } catch (Rejected r) {
            report.rejected(r, null);
            return;
        }
        if (chunk.message.oddMode() != null) {
            report.odd(chunk.id, "unsupported mode '" + chunk.message.oddMode() + "', writing binary");
        }
        if (chunk.oddOpMode != null) {
            report.odd(chunk.id, "unsupported op_mode '" + chunk.oddOpMode + "', treating it as classic");
        }
        LaneWriter.Job job = new LaneWriter.Job(cfg, chunk, base, clock.millis());
        // Lanes replaced since this read hand it on to their successor: nothing is lost to a reconfiguration.
        Lanes.Offer offer = lanes.offer(base, job, chunk.message.size());
        if (offer != Lanes.Offer.ACCEPTED) {
            report.overflow(chunk, offer == Lanes.Offer.FULL);
        }
    }

    /** Runs the flush/close maintenance now (what the timer does every {@code maint-period}). */
    CompletableFuture<Void> maintainNow() {
        return lanes.maintain();
    }

    /** @return the lanes in use (tests) */
    int laneCount() {
        return lanes.count();
    }

    /** Guarded by this. */
    private void schedule(int periodSeconds) {
        tick = maint.scheduleWithFixedDelay(this::tick, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            lanes.maintain();
        } catch (RuntimeException e) {
            // never let one failure cancel the timer (a periodic task that throws is not run again)
            LOG.error("tailwriter {}: maintenance failed", name, e);
        }
    }

    /** Guarded by this. The new writers take over from the current ones ({@link LaneWriter#start()}). */
    private Lanes<LaneWriter.Job> newLanes(TailWriterConfig cfg, Lanes<LaneWriter.Job> previous) {
        int count = cfg.files.workerThreads();
        int filesPerLane = (int) Lanes.share(cfg.maxOpenFiles, count);
        List<LaneWriter> before = writers;
        List<LaneWriter> next = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            next.add(new LaneWriter(report, clock, gate, filesPerLane, i, count, before));
        }
        writers = List.copyOf(next);
        return new Lanes<>("tailwriter-" + name, new Lanes.Bounds(count, cfg.files.queueSize(), cfg.queueBytes), next::get, previous);
    }

    private void logEffective(String what, TailWriterConfig cfg) {
        LOG.info("tailwriter {}: {}: {}", name, what, cfg);
        if (cfg.bufferBytesRaised) {
            LOG.info("tailwriter {}: buffer-bytes too low, raised to {} bytes", name, TailWriterConfig.MIN_BUFFER_BYTES);
        }
    }
}
