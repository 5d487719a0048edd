package org.ccflux.handler.tailwriter.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.handler.files.Codec;
import org.ccflux.handler.files.Lanes;
import org.ccflux.handler.files.PathGuard;
import org.ccflux.handler.files.Rejected;
import org.ccflux.handler.files.WriteMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one lane does to files (reference §6.11, CC's worker): appends chunks, checks {@code fpos}, flushes and
 * closes idle files, remembers each source file's destination. Confined to its lane's thread: the maintenance
 * timer only asks the lane to run {@link #maintain()} on that thread (CC ran it on the event loop, §12.18).
 *
 * <p>A lane is chosen by the destination before the rotated suffix, so a source stays on one lane. When the lanes
 * are replaced, each new writer first takes over the tracks of the previous writers that now belong to its lane
 * ({@link #start()}): the rotated file in use and the {@code fpos} expectation survive the change.
 */
final class LaneWriter implements Lanes.Worker<LaneWriter.Job> {
    /** CC's FLUSH_DELAY: the buffer goes to the file this long after the last write. */
    static final long FLUSH_MILLIS = 3_000;
    /** CC's CLOSE_DELAY: a file is closed this long after the last write. */
    static final long CLOSE_MILLIS = 30_000;
    /** Source files remembered per lane; the least recently active is forgotten first. */
    static final int TRACKS = 4096;
    /** CC's DATETIME_SUFFIX {@code .%Y-%m-%d_%H-%M-%S}, local time of opening. */
    static final DateTimeFormatter ROTATED_SUFFIX = DateTimeFormatter.ofPattern("'.'yyyy-MM-dd_HH-mm-ss");

    private static final Logger LOG = LoggerFactory.getLogger(LaneWriter.class);
    /** Orders uses of tracks across lanes (the clock may stand still; this does not). */
    private static final AtomicLong ACTIVITY = new AtomicLong();

    /** Test seam: runs on the lane before each chunk (a test blocks it to simulate a stalled disk). */
    interface WriteGate {
        WriteGate OPEN = destination -> { };

        void beforeWrite(Path destination) throws InterruptedException;
    }

    /** What a lane remembers about one source file. */
    static final class Track {
        /** The destination before the rotated suffix (what the lane is chosen by). */
        final Path base;
        /** Where its chunks go. */
        final Path path;
        final LogChunk.OpMode opMode;
        /** Where its next chunk should start ({@code fpos}), -1 if unknown. */
        long expected = -1;
        /** When it was last used, in {@link #ACTIVITY} order: the newer of two copies wins a take-over. */
        long used;

        Track(Path base, Path path, LogChunk.OpMode opMode) {
            this.base = base;
            this.path = path;
            this.opMode = opMode;
        }
    }

    /**
     * One chunk with the configuration and destination it was resolved under, and the clock's time when it
     * arrived: that is its write time for the flush and close delays and the rotated name, so a lane that lags
     * behind does not shift them (and tests that move the clock need not wait for the lane).
     */
    record Job(TailWriterConfig config, LogChunk chunk, Path base, long received) {
    }

    final Report report;
    private final Clock clock;
    private final WriteGate gate;
    private final int maxOpenFiles;
    /** This writer's lane among {@link #lanes}. */
    private final int index;
    private final int lanes;
    /** The writers of the lanes replaced, whose tracks {@link #start()} takes over; then null. */
    private List<LaneWriter> previous;
    private final Map<SourceId, Track> tracks = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<SourceId, Track> eldest) {
            return size() > TRACKS;
        }
    };
    /** Open files, least recently used first. */
    private final LinkedHashMap<Path, AppendFile> files = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param index this writer's lane among {@code lanes}
     * @param previous the writers of the lanes being replaced (empty for the first set)
     */
    LaneWriter(Report report, Clock clock, WriteGate gate, int maxOpenFiles, int index, int lanes, List<LaneWriter> previous) {
        this.report = report;
        this.clock = clock;
        this.gate = gate;
        this.maxOpenFiles = maxOpenFiles;
        this.index = index;
        this.lanes = lanes;
        this.previous = previous;
    }

    /**
     * Takes over the tracks of the previous writers that belong to this lane now. Runs after their threads have
     * ended, so their maps are complete and visible. A source may have left a track in two of them (its destination
     * moved to another lane when {@code dstdir} changed): the one used last is the current one.
     */
    @Override
    public void start() {
        for (LaneWriter old : previous) {
            for (Map.Entry<SourceId, Track> e : old.tracks.entrySet()) {
                if (Lanes.index(e.getValue().base, lanes) == index) {
                    tracks.merge(e.getKey(), e.getValue(), (mine, theirs) -> mine.used >= theirs.used ? mine : theirs);
                }
            }
        }
        previous = null; // let the old writers be collected
    }

    /** Appends one chunk; a bug (not bad input, not an I/O error) is counted as failed and the lane carries on. */
    @Override
    public void process(Job job) throws InterruptedException {
        try {
            append(job);
        } catch (RuntimeException e) {
            report.bug("appending a chunk of", job.chunk().id, e);
        }
    }

    /** Closes every file, held data written first (the lane is stopping). */
    @Override
    public void stop() {
        try {
            closeAll();
        } catch (RuntimeException e) {
            report.bug("closing the files of", Thread.currentThread().getName(), e);
        }
    }

    private void append(Job job) throws InterruptedException {
        gate.beforeWrite(job.base());
        TailWriterConfig cfg = job.config();
        LogChunk c = job.chunk();
        long now = job.received();
        byte[] body;
        byte[] plain = null; // to hold for recompression
        long plainLength; // the chunk's length in the source file, -1 if unknown
        try {
            Codec comp = c.message.comp();
            byte[] raw = c.message.content().decode(cfg.maxChunkSize);
            if (cfg.files.storesAsReceived(comp)) {
                body = raw;
                plainLength = comp == Codec.NONE ? raw.length : -1;
            } else if (cfg.files.writeMode() == WriteMode.PLAIN) {
                body = comp.decompress(raw, cfg.maxChunkSize);
                plainLength = body.length;
            } else {
                body = null;
                plain = comp.decompress(raw, cfg.maxChunkSize);
                plainLength = plain.length;
            }
        } catch (Rejected r) {
            report.rejected(r, c.id);
            return;
        }
        Track t = track(job, now);
        if (t == null) {
            return;
        }
        checkSync(t, c, plainLength);
        AppendFile f = null;
        try {
            f = file(cfg, t.path, now);
            if (plain != null) {
                f.hold(plain, cfg.files.compressionLevel(), now);
                if (f.held() >= cfg.bufferBytes) {
                    writeHeld(f);
                }
            } else {
                if (f.held() > 0) {
                    writeHeld(f); // what came before goes first
                }
                f.write(body);
                report.counters.wrote(body.length);
            }
            f.touch(now);
            report.counters.add(report.counters.appended, 1);
        } catch (Rejected r) {
            report.rejected(r, c.id);
        } catch (IOException e) {
            fail(f, t.path, e);
        }
    }

    /** @return the source's track, new or moved if needed; null if the chunk is refused */
    private Track track(Job job, long now) {
        LogChunk c = job.chunk();
        Track t = tracks.get(c.id);
        if (t != null && t.base.equals(job.base())) {
            if (t.opMode != c.opMode) {
                report.rejected(Rejected.invalid("op_mode changed from " + name(t.opMode) + " to " + name(c.opMode)
                        + " while " + t.path + " is in use"), c.id);
                return null;
            }
            t.used = ACTIVITY.incrementAndGet();
            return t;
        }
        // New, or its destination moved (dstdir, dstmask or write-compressed changed): start there, keep the sync state.
        Path path = job.base();
        if (c.opMode == LogChunk.OpMode.ROTATED) {
            String rotated = job.base().getFileName()
                    + ROTATED_SUFFIX.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(now), clock.getZone()));
            path = job.base().resolveSibling(rotated);
            for (int n = 1; inUse(path, c.id); n++) {
                path = job.base().resolveSibling(rotated + "." + n); // another source took this second already
            }
        }
        Track fresh = new Track(job.base(), path, c.opMode);
        fresh.expected = t != null ? t.expected : -1;
        fresh.used = ACTIVITY.incrementAndGet();
        tracks.put(c.id, fresh);
        LOG.debug("tailwriter {}: {} -> {}", report.name, c.id, path);
        return fresh;
    }

    private boolean inUse(Path path, SourceId except) {
        for (Map.Entry<SourceId, Track> e : tracks.entrySet()) {
            if (e.getValue().path.equals(path) && !e.getKey().equals(except)) {
                return true;
            }
        }
        return false;
    }

    /** CC's position check, per source: each chunk should start where the previous one ended. */
    private void checkSync(Track t, LogChunk c, long plainLength) {
        if (c.fpos < 0) {
            t.expected = t.expected >= 0 && plainLength >= 0 ? t.expected + plainLength : -1;
            return;
        }
        if (t.expected >= 0 && c.fpos != t.expected) {
            report.syncLost(c.id, t.path, t.expected, c.fpos);
        }
        t.expected = plainLength >= 0 ? c.fpos + plainLength : -1;
    }

    private AppendFile file(TailWriterConfig cfg, Path path, long now) throws IOException, Rejected {
        AppendFile f = files.get(path);
        if (f != null) {
            return f;
        }
        PathGuard.ensureDirectories(cfg.files.dstdir(), path.getParent());
        if (files.size() >= maxOpenFiles) {
            Iterator<AppendFile> eldest = files.values().iterator();
            AppendFile lru = eldest.next();
            eldest.remove();
            close(lru, "max-open-files reached");
        }
        f = AppendFile.open(path, now);
        files.put(path, f);
        report.counters.add(report.counters.opened, 1);
        LOG.debug("tailwriter {}: opened {} ({} bytes)", report.name, path, f.sizeAtOpen);
        return f;
    }

    private void writeHeld(AppendFile f) throws IOException {
        byte[] gz = f.takeHeldAsGzip();
        f.write(gz);
        report.counters.wrote(gz.length);
    }

    /**
     * CC's worker maintenance: closes files idle for {@value #CLOSE_MILLIS} ms (held data written first) and
     * flushes files idle for {@value #FLUSH_MILLIS} ms. Held data older than the close delay is written too, so
     * a slowly growing log is not held back until {@code buffer-bytes} fill up (CC held it indefinitely).
     */
    @Override
    public void maintain() {
        long now = clock.millis();
        for (Iterator<AppendFile> it = files.values().iterator(); it.hasNext(); ) {
            AppendFile f = it.next();
            try {
                if (now - f.lastWrite() >= CLOSE_MILLIS) {
                    it.remove();
                    close(f, "idle");
                    continue;
                }
                if (f.held() > 0 && now - f.heldSince() >= CLOSE_MILLIS) {
                    writeHeld(f);
                }
                if (f.dirty() && now - f.lastWrite() >= FLUSH_MILLIS) {
                    f.flush();
                    LOG.trace("tailwriter {}: flushed {}", report.name, f.path);
                }
            } catch (IOException e) {
                it.remove();
                fail(f, f.path, e);
            }
        }
    }

    private void closeAll() {
        List<AppendFile> all = new ArrayList<>(files.values());
        files.clear(); // before closing: a failing close removes its file
        for (AppendFile f : all) {
            close(f, "stopping");
        }
    }

    private void close(AppendFile f, String why) {
        try {
            if (f.held() > 0) {
                writeHeld(f);
            }
            f.close();
            report.counters.add(report.counters.closed, 1);
            LOG.debug("tailwriter {}: closed {} ({})", report.name, f.path, why);
        } catch (IOException e) {
            fail(f, f.path, e);
        }
    }

    private void fail(AppendFile f, Path path, IOException e) {
        if (f != null) {
            files.remove(f.path, f);
            f.abort();
        }
        report.failed(path, e, f != null);
    }

    private static String name(LogChunk.OpMode m) {
        return m == LogChunk.OpMode.ROTATED ? "rotated" : "classic";
    }
}
