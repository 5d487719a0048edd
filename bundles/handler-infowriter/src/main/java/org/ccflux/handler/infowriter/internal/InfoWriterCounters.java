package org.ccflux.handler.infowriter.internal;

import org.ccflux.api.CcStats;
import org.ccflux.handler.files.FileCounters;

/**
 * The counters of one infowriter instance, {@code infowriter.<name>.…}: the common ones ({@link FileCounters}) and
 * the infowriter's, plus CC's own two, {@code written_files} and {@code written_bytes}, summed over all instances as
 * CC's stats line had them.
 */
final class InfoWriterCounters extends FileCounters {
    static final String CC_WRITTEN_FILES = "written_files";
    static final String CC_WRITTEN_BYTES = "written_bytes";

    final String written = counter("count.written");
    final String writtenBytes = counter("bytes.written");
    final String skipped = counter("count.skipped");

    InfoWriterCounters(CcStats stats, String name) {
        super(stats, "infowriter", name);
    }

    void written(long bytes) {
        add(written, 1);
        add(writtenBytes, bytes);
        add(CC_WRITTEN_FILES, 1);
        add(CC_WRITTEN_BYTES, bytes);
    }
}
