package org.ccflux.handler.tailwriter.internal;

import java.util.Map;
import org.ccflux.api.CcOptions;
import org.ccflux.handler.files.FileOptions;
import org.ccflux.handler.files.SizeLimit;
import org.ccflux.handler.files.WriteMode;

/**
 * One tailwriter instance's settings, parsed and validated once (reference §6.11): the options every file-writing
 * handler has ({@link FileOptions}), {@code maint-period} and {@code buffer-bytes}, and three bounds CC lacked.
 * Immutable; every error names its property.
 */
final class TailWriterConfig {
    static final String MAINT_PERIOD = "maint-period";
    static final String BUFFER_BYTES = "buffer-bytes";
    static final String QUEUE_BYTES = "queue-bytes";
    static final String MAX_CHUNK_SIZE = "max-chunk-size";
    static final String MAX_OPEN_FILES = "max-open-files";

    static final int DEFAULT_MAINT_PERIOD = 3;
    static final String DEFAULT_BUFFER_BYTES = "1 MB";
    /** CC raises a smaller {@code buffer-bytes} to this (BUF_MINBYTES). */
    static final int MIN_BUFFER_BYTES = 64 * 1024;
    static final int MAX_BUFFER_BYTES = 256 * 1024 * 1024;
    static final String DEFAULT_QUEUE_BYTES = "64 MB";
    static final String DEFAULT_MAX_CHUNK_SIZE = "64 MB";
    static final int DEFAULT_MAX_OPEN_FILES = 1000;

    final FileOptions files;
    final int maintPeriodSeconds;
    /** Decompressed bytes gathered per file before one gzip member is written ({@link WriteMode#COMPRESS}). */
    final int bufferBytes;
    /** {@code buffer-bytes} was below CC's minimum and raised to it. */
    final boolean bufferBytesRaised;
    final long queueBytes;
    final SizeLimit maxChunkSize;
    final int maxOpenFiles;

    private TailWriterConfig(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        files = FileOptions.parse(o);
        maintPeriodSeconds = o.integer(MAINT_PERIOD, DEFAULT_MAINT_PERIOD, 1, 3600);
        long buffer = o.size(BUFFER_BYTES, CcOptions.parseSize(DEFAULT_BUFFER_BYTES));
        if (buffer < 0 || buffer > MAX_BUFFER_BYTES) {
            throw CcOptions.invalid(BUFFER_BYTES, o.string(BUFFER_BYTES, ""), "a size up to 256 MB");
        }
        bufferBytesRaised = buffer < MIN_BUFFER_BYTES;
        bufferBytes = (int) Math.max(buffer, MIN_BUFFER_BYTES);
        queueBytes = o.size(QUEUE_BYTES, CcOptions.parseSize(DEFAULT_QUEUE_BYTES));
        if (queueBytes < 1) {
            throw CcOptions.invalid(QUEUE_BYTES, queueBytes, "a size of at least 1 byte");
        }
        maxChunkSize = SizeLimit.parse(o, MAX_CHUNK_SIZE, DEFAULT_MAX_CHUNK_SIZE);
        maxOpenFiles = o.integer(MAX_OPEN_FILES, DEFAULT_MAX_OPEN_FILES, 1, 1_000_000);
    }

    /** @throws IllegalArgumentException naming the property if any option is invalid */
    static TailWriterConfig parse(Map<String, ?> properties) {
        return new TailWriterConfig(properties);
    }

    /** @return true if chunks can keep flowing through the same lanes under {@code next} */
    boolean sameLanes(TailWriterConfig next) {
        return files.sameLanes(next.files) && queueBytes == next.queueBytes && maxOpenFiles == next.maxOpenFiles;
    }

    @Override
    public String toString() {
        return files + ", " + MAINT_PERIOD + "=" + maintPeriodSeconds + "s"
                + (files.writeMode() == WriteMode.COMPRESS ? ", " + BUFFER_BYTES + "=" + bufferBytes : "")
                + ", " + QUEUE_BYTES + "=" + queueBytes + ", " + MAX_CHUNK_SIZE + "=" + maxChunkSize.bytes() + ", " + MAX_OPEN_FILES + "=" + maxOpenFiles;
    }
}
