package org.ccflux.handler.tailwriter.internal;

import org.ccflux.api.CcStats;
import org.ccflux.handler.files.FileCounters;

/**
 * The counters of one tailwriter instance, {@code tailwriter.<name>.…}: the common ones ({@link FileCounters}) and
 * the tailwriter's, plus CC's own {@code appended_bytes}, summed over all instances as CC's stats line had it.
 */
final class TailCounters extends FileCounters {
    static final String CC_APPENDED_BYTES = "appended_bytes";

    final String appended = counter("count.appended");
    final String appendedBytes = counter("bytes.appended");
    final String gap = counter("count.gap");
    final String gapBytes = counter("bytes.gap");
    final String overlap = counter("count.overlap");
    final String overlapBytes = counter("bytes.overlap");
    final String opened = counter("count.opened");
    final String closed = counter("count.closed");
    final String abandoned = counter("count.abandoned");

    TailCounters(CcStats stats, String name) {
        super(stats, "tailwriter", name);
    }

    /** Bytes that went into a destination file (after compression, where it applies). */
    void wrote(long bytes) {
        add(appendedBytes, bytes);
        add(CC_APPENDED_BYTES, bytes);
    }
}
