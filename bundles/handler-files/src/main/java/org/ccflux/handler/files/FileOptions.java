package org.ccflux.handler.files;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.ccflux.api.CcOptions;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * The options every file-writing handler has, with CC's names and defaults (reference §6.10, §6.11): where files go
 * ({@code dstdir}, {@code dstmask}, {@code host-subdirs}), in which form ({@code write-compressed},
 * {@code compression}, {@code compression-level}) and how many lanes write them ({@code worker-threads},
 * {@code queue-size}). Parsed and validated once; immutable; every error is an {@link IllegalArgumentException}
 * that names its property, so a handler's {@code @Modified} that throws it keeps its running configuration.
 * A handler parses its own options from the same {@link CcOptions} next to these, and describes them to Config
 * Admin with an OCD that extends {@link Metatype}.
 *
 * @since 1.0
 */
public final class FileOptions {
    public static final String DSTDIR = "dstdir";
    public static final String DSTMASK = "dstmask";
    public static final String HOST_SUBDIRS = "host-subdirs";
    public static final String WRITE_COMPRESSED = "write-compressed";
    public static final String COMPRESSION = "compression";
    public static final String COMPRESSION_LEVEL = "compression-level";
    public static final String WORKER_THREADS = "worker-threads";
    public static final String QUEUE_SIZE = "queue-size";

    public static final int DEFAULT_WORKER_THREADS = 10;
    public static final int MAX_WORKER_THREADS = 256;
    public static final int DEFAULT_QUEUE_SIZE = 1000;
    public static final int MAX_QUEUE_SIZE = 1_000_000;

    /**
     * The metatype of these options, for a handler's OCD to extend (bnd includes the attributes of the interfaces
     * an OCD interface extends): {@code @ObjectClassDefinition(…) interface Config extends FileOptions.Metatype}.
     * Defaults are {@code defaultValue}s, as an OCD interface (unlike an annotation type) has no {@code default}
     * clauses. The names are the option names: a method {@code host$_$subdirs()} is {@code host-subdirs}.
     */
    @ConsumerType
    public interface Metatype {
        @AttributeDefinition(name = DSTDIR, description = "Directory the files are written under (~ expanded; relative: from the working directory). Required.")
        String dstdir();

        @AttributeDefinition(name = DSTMASK, description = "Path below dstdir: a template of %(hostname)s, %(filepath)s (the sent path), "
                + "%(filename)s (its last part). Empty: %(hostname)s/%(filename)s with host-subdirs, else %(hostname)s--%(filename)s.",
                required = false, defaultValue = "")
        String dstmask();

        @AttributeDefinition(name = HOST_SUBDIRS, description = "With an empty dstmask: one directory per host (yes/no).", required = false,
                defaultValue = "no")
        String host$_$subdirs();

        @AttributeDefinition(name = WRITE_COMPRESSED, description = "\"\"/no: write decompressed; keep: as received (.gz/.bz2 added); "
                + "yes: compressed with 'compression' (.gz added).", required = false, defaultValue = "")
        String write$_$compressed();

        @AttributeDefinition(name = COMPRESSION, description = "With write-compressed = yes: gzip (bzip2 is not available in Java).",
                required = false, defaultValue = "")
        String compression();

        @AttributeDefinition(name = COMPRESSION_LEVEL, description = "gzip level 1-9; empty or 0: 6.", required = false, defaultValue = "")
        String compression$_$level();

        @AttributeDefinition(name = WORKER_THREADS, description = "Threads writing files; a file always goes to the same one.", required = false,
                defaultValue = "" + DEFAULT_WORKER_THREADS)
        int worker$_$threads();

        @AttributeDefinition(name = QUEUE_SIZE, description = "Messages waiting for the worker threads, all together; beyond that they are "
                + "dropped and counted.", required = false, defaultValue = "" + DEFAULT_QUEUE_SIZE)
        int queue$_$size();
    }

    private final Path dstdir;
    private final DstMask mask;
    private final boolean hostSubdirs;
    private final WriteMode writeMode;
    private final Codec compression;
    private final int compressionLevel;
    private final int workerThreads;
    private final int queueSize;

    private FileOptions(CcOptions o) {
        dstdir = dstdir(o.string(DSTDIR, ""));
        hostSubdirs = o.bool(HOST_SUBDIRS, false);
        String maskText = o.string(DSTMASK, "");
        mask = DstMask.of(maskText, hostSubdirs);
        try {
            PathGuard.inside(dstdir, mask.apply("host", "file", "file"));
        } catch (Rejected e) {
            throw CcOptions.invalid(DSTMASK, maskText, "a relative path that stays inside dstdir");
        }
        writeMode = WriteMode.parse(o.string(WRITE_COMPRESSED, ""));
        // As CC: compression is read only with write-compressed = yes.
        compression = writeMode == WriteMode.COMPRESS ? compression(o.string(COMPRESSION, "")) : Codec.NONE;
        // "" (CC's explicit empty value) or 0: the codec's default
        compressionLevel = o.string(COMPRESSION_LEVEL, "").isEmpty() ? 0 : o.integer(COMPRESSION_LEVEL, 0, 0, Codec.MAX_LEVEL);
        workerThreads = o.integer(WORKER_THREADS, DEFAULT_WORKER_THREADS, 1, MAX_WORKER_THREADS);
        queueSize = o.integer(QUEUE_SIZE, DEFAULT_QUEUE_SIZE, 1, MAX_QUEUE_SIZE);
    }

    /** @throws IllegalArgumentException naming the property if any of these options is invalid */
    public static FileOptions parse(CcOptions options) {
        return new FileOptions(options);
    }

    /** CC's {@code dstdir}: required, {@code ~} expanded; a relative path is taken from the working directory. */
    private static Path dstdir(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(DSTDIR + " is required: the directory the files are written under");
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

    private static Codec compression(String value) {
        Codec c = Codec.parse(value);
        if (c == Codec.BZIP2) {
            throw CcOptions.invalid(COMPRESSION, value, "gzip with write-compressed = yes"
                    + " (bzip2 is not available: the Java runtime has no bzip2 encoder)");
        }
        if (c != Codec.GZIP) {
            throw CcOptions.invalid(COMPRESSION, value, "gzip with write-compressed = yes");
        }
        return c;
    }

    /** @return {@code dstdir}, absolute and normalised: the containment root */
    public Path dstdir() {
        return dstdir;
    }

    /** @return {@code dstmask}, or CC's legacy mask for {@code host-subdirs} when it was empty */
    public DstMask mask() {
        return mask;
    }

    public boolean hostSubdirs() {
        return hostSubdirs;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    /** @return the codec files are written in with {@link WriteMode#COMPRESS} ({@link Codec#GZIP}); {@link Codec#NONE} otherwise */
    public Codec compression() {
        return compression;
    }

    /** @return {@code compression-level}: 1-9, or 0 for {@link Codec#DEFAULT_GZIP_LEVEL} */
    public int compressionLevel() {
        return compressionLevel;
    }

    public int workerThreads() {
        return workerThreads;
    }

    /** @return messages waiting for all lanes together */
    public int queueSize() {
        return queueSize;
    }

    /**
     * The destination of {@code message} (reference §6.10 steps 3-5): {@code dstmask} filled in, the extension of
     * the form it is written in appended ({@link WriteMode#KEEP}: as it came; {@link WriteMode#COMPRESS}:
     * {@link #compression()}'s), normalised, strictly inside {@code dstdir}. Pure: touches no file.
     *
     * @throws Rejected refused if the path is absolute, invalid, or leads outside {@code dstdir}
     */
    public Path destination(FileMessage message) throws Rejected {
        String extension = switch (writeMode) {
            case KEEP -> message.comp().extension();
            case COMPRESS -> compression.extension();
            case PLAIN -> "";
        };
        return PathGuard.inside(dstdir, mask.apply(message.hostname(), message.filepath(), message.filename()) + extension);
    }

    /**
     * @return true if content that came as {@code comp} goes to the file as received: always with
     *         {@link WriteMode#KEEP}, and when it is already in the form written ({@link #compression()}, which is
     *         {@link Codec#NONE} for {@link WriteMode#PLAIN}). Otherwise it is decompressed, and with
     *         {@link WriteMode#COMPRESS} compressed again.
     */
    public boolean storesAsReceived(Codec comp) {
        return writeMode == WriteMode.KEEP || comp == compression;
    }

    /** @return true if messages can keep flowing through the same lanes under {@code next} (same count, same bound) */
    public boolean sameLanes(FileOptions next) {
        return workerThreads == next.workerThreads && queueSize == next.queueSize;
    }

    /** @return the effective values, as the handlers log them: {@code dstdir=…, dstmask=…, write-compressed=…, …} */
    @Override
    public String toString() {
        return DSTDIR + "=" + dstdir + ", " + DSTMASK + "=" + mask + ", " + WRITE_COMPRESSED + "=" + writeMode.option()
                + (writeMode == WriteMode.COMPRESS
                        ? " (" + compression.name().toLowerCase(Locale.ROOT) + " level " + Codec.effectiveLevel(compressionLevel) + ")" : "")
                + ", " + WORKER_THREADS + "=" + workerThreads + ", " + QUEUE_SIZE + "=" + queueSize;
    }
}
