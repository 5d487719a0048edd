package org.ccflux.handler.files;

import java.util.Objects;
import org.ccflux.api.CcStats;

/**
 * The counters of one file-writing handler instance, {@code <handler>.<name>.…}, with the outcomes every such
 * handler has: {@code count.refused}, {@code count.invalid}, {@code count.oversized} ({@link #rejected}),
 * {@code count.overflow} and {@code bytes.overflow} ({@link #overflow}), {@code count.failed} ({@link #failed}).
 * A handler extends it with its own ({@link #counter}); names are built once, because they are used per message.
 * Thread-safe as {@link CcStats} is.
 *
 * @since 1.0
 */
public class FileCounters {
    private final CcStats stats;
    private final String prefix;
    private final String refused;
    private final String invalid;
    private final String oversized;
    private final String overflow;
    private final String overflowBytes;
    private final String failed;

    /**
     * @param handler the handler's kind, the first part of every name ({@code infowriter})
     * @param name the instance name ({@link org.ccflux.api.HandlerNames})
     */
    public FileCounters(CcStats stats, String handler, String name) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.prefix = handler + "." + name + ".";
        refused = counter("count.refused");
        invalid = counter("count.invalid");
        oversized = counter("count.oversized");
        overflow = counter("count.overflow");
        overflowBytes = counter("bytes.overflow");
        failed = counter("count.failed");
    }

    /** @return the full name of this instance's counter {@code suffix} ({@code count.written} → {@code infowriter.a.count.written}) */
    public final String counter(String suffix) {
        return prefix + suffix;
    }

    public final void add(String counter, long delta) {
        stats.add(counter, delta);
    }

    /** Counts a message refused, invalid or oversized. */
    public final void rejected(Rejected.Kind kind) {
        stats.add(switch (kind) {
            case REFUSED -> refused;
            case OVERSIZED -> oversized;
            case INVALID -> invalid;
        }, 1);
    }

    /** Counts a message dropped because its lane was full or stopping, and its size on the wire. */
    public final void overflow(long bytes) {
        stats.add(overflow, 1);
        stats.add(overflowBytes, bytes);
    }

    /** Counts an I/O error (or a bug) that kept a message from its file. */
    public final void failed() {
        stats.add(failed, 1);
    }
}
