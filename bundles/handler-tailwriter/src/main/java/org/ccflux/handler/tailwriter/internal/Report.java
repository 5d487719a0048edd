package org.ccflux.handler.tailwriter.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.handler.files.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs what happens to chunks that are not simply appended. Every event is counted; WARN lines are
 * rate-limited per kind (one a second, with the number suppressed), because bad input arrives in floods.
 * Thread-safe: the intake and every lane of an instance share one.
 */
final class Report {
    private static final Logger LOG = LoggerFactory.getLogger(TailWriterHandler.class);

    final String name;
    final TailCounters counters;
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog invalidLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog oddLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog overflowLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog failedLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog syncLog = new RateLimitedLog(LOG, 1000);

    Report(String name, TailCounters counters) {
        this.name = name;
        this.counters = counters;
    }

    /** @param source the chunk's source, or null if the message could not be read that far */
    void rejected(Rejected r, SourceId source) {
        counters.rejected(r.kind());
        String from = source == null ? "" : " from " + source;
        if (r.kind() == Rejected.Kind.REFUSED) {
            refusedLog.warn("tailwriter {}: suspicious file path, skipping chunk{}: {}", name, from, r.getMessage());
        } else {
            invalidLog.warn("tailwriter {}: {} pub.logtail chunk{}, skipping: {}", name,
                    r.kind() == Rejected.Kind.OVERSIZED ? "oversized" : "invalid", from, r.getMessage());
        }
    }

    /** A field CC also accepted with a warning: the chunk is still appended. */
    void odd(SourceId source, String what) {
        oddLog.warn("tailwriter {}: {}: {}", name, source, what);
    }

    void overflow(LogChunk chunk, boolean full) {
        counters.overflow(chunk.message.size());
        overflowLog.warn("tailwriter {}: {}, dropping a chunk of {}", name, full ? "queue full (disk slow?)" : "stopping", chunk.id);
    }

    /** @param wasOpen the file was open: it is closed, and what was still buffered for it is lost */
    void failed(Path path, IOException e, boolean wasOpen) {
        counters.failed();
        failedLog.warn("tailwriter {}: cannot {} {}{}: {}", name, wasOpen ? "append to" : "open", path,
                wasOpen ? " (closed it; its buffered data is lost)" : "", e.toString());
    }

    /** A bug, not bad input: counted as failed and logged with its stack trace; the lane carries on. */
    void bug(String what, Object subject, RuntimeException e) {
        counters.failed();
        LOG.error("tailwriter {}: {} {} failed", name, what, subject, e);
    }

    /** CC's "sync lost": the chunk does not start where the previous one of its source ended. Appended anyway. */
    void syncLost(SourceId source, Path path, long expected, long fpos) {
        long delta = fpos - expected;
        if (delta > 0) {
            counters.add(counters.gap, 1);
            counters.add(counters.gapBytes, delta);
        } else {
            counters.add(counters.overlap, 1);
            counters.add(counters.overlapBytes, -delta);
        }
        syncLog.warn("tailwriter {}: sync lost on {} -> {}: expected fpos {}, got {} ({} {} bytes), appending anyway", name, source, path,
                expected, fpos, delta > 0 ? "missing" : "repeated", Math.abs(delta));
    }
}
