package org.ccflux.handler.infowriter.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.ccflux.api.CcOptions;

/**
 * One infowriter instance's settings, parsed and validated once (reference §6.10; option names and defaults
 * are CC's, plus three bounds CC lacked). Immutable; every error names its property.
 */
final class InfoWriterConfig {
    static final String DSTDIR = "dstdir";
    static final String HOST_SUBDIRS = "host-subdirs";
    static final String BAKEXT = "bakext";
    static final String WRITE_COMPRESSED = "write-compressed";
    static final String COMPRESSION = "compression";
    static final String COMPRESSION_LEVEL = "compression-level";
    static final String WORKER_THREADS = "worker-threads";
    static final String QUEUE_SIZE = "queue-size";
    static final String MAX_FILE_SIZE = "max-file-size";

    static final int DEFAULT_WORKER_THREADS = 10;
    static final int DEFAULT_QUEUE_SIZE = 1000;
    static final String DEFAULT_MAX_FILE_SIZE = "64 MB";

    /** CC's {@code write-compressed}. */
    enum WriteMode {
        /** {@code ""} or {@code no}: write the content decompressed. */
        PLAIN("no"),
        /** {@code keep}: write it as received, with {@code .gz}/{@code .bz2} appended when compressed. */
        KEEP("keep"),
        /** {@code yes}: write it compressed with {@code compression}, {@code .gz} appended. */
        COMPRESS("yes");

        final String option;

        WriteMode(String option) {
            this.option = option;
        }
    }

    /** Absolute and normalised: the containment root. */
    final Path dstdir;
    final DstMask mask;
    final boolean hostSubdirs;
    final String bakext;
    final WriteMode writeMode;
    /** The codec files are written in with {@link WriteMode#COMPRESS}; {@link Codec#NONE} otherwise. */
    final Codec compression;
    final int compressionLevel;
    final int workerThreads;
    final int queueSize;
    final long maxFileSize;

    private InfoWriterConfig(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        dstdir = dstdir(o.string(DSTDIR, ""));
        hostSubdirs = o.bool(HOST_SUBDIRS, false);
        String maskText = o.string(DstMask.OPTION, "");
        mask = DstMask.parse(!maskText.isEmpty() ? maskText : hostSubdirs ? DstMask.LEGACY_SUBDIRS : DstMask.LEGACY_FLAT);
        if (!inside(dstdir, mask.apply("host", "file", "file"))) {
            throw CcOptions.invalid(DstMask.OPTION, maskText, "a relative path that stays inside dstdir");
        }
        bakext = o.string(BAKEXT, "");
        if (bakext.indexOf('/') >= 0 || bakext.indexOf('\0') >= 0) {
            throw CcOptions.invalid(BAKEXT, bakext, "a file name suffix without / (e.g. --prev)");
        }
        writeMode = writeMode(o.string(WRITE_COMPRESSED, ""));
        compression = writeMode == WriteMode.COMPRESS ? compression(o.string(COMPRESSION, "")) : Codec.NONE;
        // "" (CC's explicit empty value) or 0: the library default
        compressionLevel = o.string(COMPRESSION_LEVEL, "").isEmpty() ? 0 : o.integer(COMPRESSION_LEVEL, 0, 0, Codec.MAX_LEVEL);
        workerThreads = o.integer(WORKER_THREADS, DEFAULT_WORKER_THREADS, 1, 256);
        queueSize = o.integer(QUEUE_SIZE, DEFAULT_QUEUE_SIZE, 1, 1_000_000);
        maxFileSize = o.size(MAX_FILE_SIZE, CcOptions.parseSize(DEFAULT_MAX_FILE_SIZE));
        if (maxFileSize < 1 || maxFileSize > Integer.MAX_VALUE - 64) {
            throw CcOptions.invalid(MAX_FILE_SIZE, maxFileSize, "between 1 byte and 2 GB");
        }
    }

    /** @throws IllegalArgumentException naming the property if any option is invalid */
    static InfoWriterConfig parse(Map<String, ?> properties) {
        return new InfoWriterConfig(properties);
    }

    /** CC's {@code dstdir}: required, {@code ~} expanded; a relative path is taken from the working directory. */
    private static Path dstdir(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(DSTDIR + " is required: the directory the info files are written under");
        }
        String expanded = value;
        if (value.equals("~") || value.startsWith("~/")) {
            expanded = System.getProperty("user.home") + value.substring(1);
        } else if (value.startsWith("~")) {
            throw CcOptions.invalid(DSTDIR, value, "an absolute path, ~/… or a relative path (~user is not supported)");
        }
        Path p;
        try {
            p = Paths.get(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw CcOptions.invalid(DSTDIR, value, "a valid path (" + e.getReason() + ")");
        }
        if (p.getParent() == null) {
            throw CcOptions.invalid(DSTDIR, value, "a directory below the file system root");
        }
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw CcOptions.invalid(DSTDIR, value, "a directory (it exists and is not one)");
        }
        return p;
    }

    private static boolean inside(Path root, String relative) {
        try {
            Path p = Paths.get(relative);
            return !p.isAbsolute() && root.resolve(p).normalize().startsWith(root) && !root.resolve(p).normalize().equals(root);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static WriteMode writeMode(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "":
            case "no":
                return WriteMode.PLAIN;
            case "keep":
                return WriteMode.KEEP;
            case "yes":
                return WriteMode.COMPRESS;
            default:
                throw CcOptions.invalid(WRITE_COMPRESSED, value, "one of \"\", no, keep, yes");
        }
    }

    private static Codec compression(String value) {
        Codec c = Codec.parse(value);
        if (c == Codec.GZIP) {
            return c;
        }
        if (c == Codec.BZIP2) {
            throw CcOptions.invalid(COMPRESSION, value, "gzip with write-compressed = yes"
                    + " (bzip2 is not available: the Java runtime has no bzip2 encoder)");
        }
        throw CcOptions.invalid(COMPRESSION, value, "gzip with write-compressed = yes");
    }

    /** @return true if messages can keep flowing through the same lanes under {@code next} */
    boolean sameLanes(InfoWriterConfig next) {
        return workerThreads == next.workerThreads && queueSize == next.queueSize;
    }

    @Override
    public String toString() {
        return DSTDIR + "=" + dstdir + ", " + DstMask.OPTION + "=" + mask + ", " + BAKEXT + "=" + (bakext.isEmpty() ? "(none)" : bakext)
                + ", " + WRITE_COMPRESSED + "=" + writeMode.option
                + (writeMode == WriteMode.COMPRESS ? " (" + compression.name().toLowerCase(Locale.ROOT) + " level "
                        + (compressionLevel == 0 ? Codec.DEFAULT_GZIP_LEVEL : compressionLevel) + ")" : "")
                + ", " + WORKER_THREADS + "=" + workerThreads + ", " + QUEUE_SIZE + "=" + queueSize + ", " + MAX_FILE_SIZE + "=" + maxFileSize;
    }
}
