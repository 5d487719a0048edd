package org.ccflux.handler.infowriter.internal;

import org.ccflux.api.CcStats;

/**
 * The counter names of one infowriter instance, {@code infowriter.<name>.…}, built once (they are used per
 * message), plus CC's own two, {@code written_files} and {@code written_bytes}, summed over all instances
 * as CC's stats line had them.
 */
final class InfoWriterCounters {
    static final String CC_WRITTEN_FILES = "written_files";
    static final String CC_WRITTEN_BYTES = "written_bytes";

    final String written;
    final String writtenBytes;
    final String skipped;
    final String refused;
    final String invalid;
    final String oversized;
    final String overflow;
    final String overflowBytes;
    final String failed;
    private final CcStats stats;

    InfoWriterCounters(CcStats stats, String name) {
        this.stats = stats;
        String prefix = "infowriter." + name + ".";
        written = prefix + "count.written";
        writtenBytes = prefix + "bytes.written";
        skipped = prefix + "count.skipped";
        refused = prefix + "count.refused";
        invalid = prefix + "count.invalid";
        oversized = prefix + "count.oversized";
        overflow = prefix + "count.overflow";
        overflowBytes = prefix + "bytes.overflow";
        failed = prefix + "count.failed";
    }

    void add(String counter, long delta) {
        stats.add(counter, delta);
    }

    void written(long bytes) {
        stats.add(written, 1);
        stats.add(writtenBytes, bytes);
        stats.add(CC_WRITTEN_FILES, 1);
        stats.add(CC_WRITTEN_BYTES, bytes);
    }

    void rejected(Rejected.Kind kind) {
        switch (kind) {
            case REFUSED:
                stats.add(refused, 1);
                break;
            case OVERSIZED:
                stats.add(oversized, 1);
                break;
            default:
                stats.add(invalid, 1);
        }
    }
}
