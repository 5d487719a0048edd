package org.ccflux.handler.infowriter.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.api.Routes;
import org.ccflux.handler.files.Codec;
import org.ccflux.handler.files.FileOptions;
import org.ccflux.handler.files.Lanes;
import org.ccflux.handler.files.Rejected;
import org.ccflux.handler.files.WriteMode;
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
 * CC's infowriter (reference §6.10): writes each {@code pub.infofile} message as a file under {@code dstdir},
 * named by {@code dstmask}, atomically, with the sender's mtime, skipping messages not newer than the file.
 *
 * <p>Threads. Execution is {@code worker}: the core's lane for this handler (bounded queue, one thread,
 * arrival order) is the intake. There the body is parsed (it may carry megabytes of base64: parsed inline it
 * would stall the socket thread for every handler) and the destination is resolved; the write then goes,
 * without blocking, to the {@link Lanes lane} its path hashes to. Only those lanes touch the disk, so a
 * stalled disk fills this handler's bounded lane queues (overflow dropped and counted) and never the socket
 * thread or the core's lane. Leave {@code handler.concurrency} at 1: arrival order into the lanes is what
 * keeps two messages for one file in order.
 */
@Component(service = MessageHandler.class, configurationPid = InfoWriterHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true) // validate dstdir and start the lanes when configured, not on the first message
@Designate(ocd = InfoWriterHandler.Config.class, factory = true)
@Routes("pub.infofile")
@HandlerExecution(HandlerExecution.WORKER)
@CcRoles("remote")
public final class InfoWriterHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.infowriter";
    /** How long deactivation waits for queued files to be written before abandoning them. */
    static final long DRAIN_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(InfoWriterHandler.class);

    /** The OCD: the options every file-writing handler has ({@link FileOptions.Metatype}) and the infowriter's. */
    @ObjectClassDefinition(name = "ccflux infowriter handler",
            description = "Writes pub.infofile messages as files under a directory (CC's infowriter).")
    interface Config extends FileOptions.Metatype {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance receives.", defaultValue = "pub.infofile")
        String[] routes();

        @AttributeDefinition(name = "bakext", description = "Keep the previous version as <file><bakext> (e.g. --prev); empty: no backup.",
                required = false, defaultValue = "")
        String bakext();

        @AttributeDefinition(name = "max-file-size", description = "Largest file accepted, received or decompressed (e.g. 64 MB).",
                required = false, defaultValue = InfoWriterConfig.DEFAULT_MAX_FILE_SIZE)
        String max$_$file$_$size();
    }

    /** Test seam: runs on a lane thread before each write (a test blocks it to simulate a stalled disk). */
    interface WriteGate {
        WriteGate OPEN = target -> { };

        void beforeWrite(Path target) throws InterruptedException;
    }

    private final String name;
    private final InfoWriterCounters counters;
    private final WriteGate gate;
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog invalidLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog overflowLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog failedLog = new RateLimitedLog(LOG, 1000);
    private volatile InfoWriterConfig config;
    private volatile Lanes<Runnable> lanes;

    @Activate
    public InfoWriterHandler(@Reference CcStats stats, Map<String, Object> properties) {
        this(stats, properties, WriteGate.OPEN);
    }

    InfoWriterHandler(CcStats stats, Map<String, ?> properties, WriteGate gate) {
        this.config = InfoWriterConfig.parse(properties);
        this.name = HandlerNames.of(properties, "infowriter");
        this.counters = new InfoWriterCounters(stats, name);
        this.gate = gate;
        this.lanes = newLanes(config, null);
        LOG.info("infowriter {}: {}", name, config);
    }

    /**
     * Applies a new configuration while messages flow: files already queued are written as they were resolved;
     * a new lane count starts new lanes that wait for the old ones to finish. An invalid configuration is
     * refused (thrown, naming the property) and the running one stays.
     */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        InfoWriterConfig next = InfoWriterConfig.parse(properties);
        InfoWriterConfig old = config;
        if (next.toString().equals(old.toString())) {
            return; // e.g. only routes changed: the core applies that
        }
        if (!old.sameLanes(next)) {
            lanes = newLanes(next, lanes); // the new lanes take over once the old ones have written their queue
        }
        config = next;
        LOG.info("infowriter {}: reconfigured: {}", name, next);
    }

    /** Writes what is queued (up to {@value #DRAIN_MILLIS} ms), then stops the lanes' threads. */
    @Deactivate
    void deactivate() {
        try {
            int abandoned = lanes.close(DRAIN_MILLIS);
            if (abandoned > 0) {
                LOG.warn("infowriter {}: stopped with {} files still queued, not written", name, abandoned);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("infowriter {}: interrupted while writing the queued files", name);
        }
    }

    /** Intake, on the core's lane: parse, resolve, hand to the file's lane. Never blocks, never throws. */
    @Override
    public void handle(CcMessage message) {
        InfoWriterConfig cfg = config;
        InfoFile file;
        Path target;
        try {
            file = InfoFile.of(message);
            target = cfg.files.destination(file.message);
        } catch (Rejected r) {
            rejected(r);
            return;
        }
        if (file.message.oddMode() != null) {
            invalidLog.warn("infowriter {}: {} from {}: mode is neither \"\" nor b, writing binary", name, file.message.filepath(),
                    file.message.hostname());
        }
        // Lanes replaced since this read hand it on to their successor: nothing is lost to a reconfiguration.
        Lanes.Offer offer = lanes.offer(target, () -> write(cfg, file, target), message.size());
        if (offer != Lanes.Offer.ACCEPTED) {
            counters.overflow(message.size());
            overflowLog.warn("infowriter {}: {}, dropping {} from {}", name,
                    offer == Lanes.Offer.FULL ? "queue full (disk slow?)" : "stopping", file.message.filepath(), file.message.hostname());
        }
    }

    /** On the file's lane. */
    private void write(InfoWriterConfig cfg, InfoFile file, Path target) {
        try {
            gate.beforeWrite(target);
            byte[] content = content(cfg, file);
            if (FileStore.write(cfg, target, file.mtime, content) == FileStore.Outcome.WRITTEN) {
                counters.written(content.length);
                LOG.debug("infowriter {}: wrote {} ({} bytes)", name, target, content.length);
            } else {
                counters.add(counters.skipped, 1);
                LOG.debug("infowriter {}: {} is not older than the message, skipping", name, target);
            }
        } catch (Rejected r) {
            rejected(r);
        } catch (IOException e) {
            counters.failed();
            failedLog.warn("infowriter {}: cannot write {}: {}", name, target, e.toString());
        } catch (InterruptedException e) {
            counters.failed();
            Thread.currentThread().interrupt(); // closing
        } catch (RuntimeException e) {
            counters.failed();
            LOG.error("infowriter {}: writing {} failed", name, target, e);
        }
    }

    /** The bytes to write, per {@code write-compressed} (reference §6.10 step 6). */
    private static byte[] content(InfoWriterConfig cfg, InfoFile file) throws Rejected {
        Codec comp = file.message.comp();
        byte[] received = file.message.content().decode(cfg.maxFileSize);
        if (cfg.files.storesAsReceived(comp)) {
            return received;
        }
        byte[] plain = comp.decompress(received, cfg.maxFileSize);
        return cfg.files.writeMode() == WriteMode.COMPRESS ? Codec.gzip(plain, cfg.files.compressionLevel()) : plain;
    }

    private void rejected(Rejected r) {
        counters.rejected(r.kind());
        if (r.kind() == Rejected.Kind.REFUSED) {
            refusedLog.warn("infowriter {}: suspicious file path, skipping: {}", name, r.getMessage());
        } else {
            invalidLog.warn("infowriter {}: {} pub.infofile, skipping: {}", name,
                    r.kind() == Rejected.Kind.OVERSIZED ? "oversized" : "invalid", r.getMessage());
        }
    }

    private Lanes<Runnable> newLanes(InfoWriterConfig cfg, Lanes<Runnable> previous) {
        return new Lanes<>("infowriter-" + name, Lanes.Bounds.of(cfg.files.workerThreads(), cfg.files.queueSize()), i -> Runnable::run,
                previous);
    }

    /** @return the lanes in use (tests) */
    int laneCount() {
        return lanes.count();
    }
}
