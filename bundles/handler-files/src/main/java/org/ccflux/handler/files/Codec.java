package org.ccflux.handler.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * CC's compression methods (reference §10.2), as a message's {@code comp} and the {@code compression} option name
 * them: {@code ""}/{@code none}, {@code gzip} and {@code bzip2}.
 *
 * <p>The JDK has gzip and no bzip2, and this bundle adds no library for it: bzip2 content can be stored as received
 * ({@link WriteMode#KEEP}, as {@code .bz2}) but not decompressed or produced. {@link #decompress} refuses it as
 * invalid, and {@link FileOptions} refuses {@code compression = bzip2}.
 *
 * @since 1.0
 */
public enum Codec {
    NONE(""), GZIP(".gz"), BZIP2(".bz2");

    /** CC's gzip level when {@code compression-level} is empty or 0. */
    public static final int DEFAULT_GZIP_LEVEL = 6;
    /** The highest level; levels are 1-9, 0 meaning {@link #DEFAULT_GZIP_LEVEL}. */
    public static final int MAX_LEVEL = Deflater.BEST_COMPRESSION;

    private final String extension;

    Codec(String extension) {
        this.extension = extension;
    }

    /** @return what is appended to a file's name when it is written in this format: {@code ""}, {@code .gz}, {@code .bz2} */
    public String extension() {
        return extension;
    }

    /** @return the codec CC names {@code name} (trimmed, any case), or null if CC has no such method */
    public static Codec parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "none":
                return NONE;
            case "gzip":
                return GZIP;
            case "bzip2":
                return BZIP2;
            default:
                return null;
        }
    }

    /** @return {@code level}, or {@link #DEFAULT_GZIP_LEVEL} for 0 */
    public static int effectiveLevel(int level) {
        return level == 0 ? DEFAULT_GZIP_LEVEL : level;
    }

    /**
     * @param limit the largest result accepted; checked while inflating, so a small bomb never grows past it in memory
     * @return the decompressed bytes ({@code data} itself for {@link #NONE})
     * @throws Rejected invalid if the data is corrupt or bzip2; oversized past {@code limit}
     */
    public byte[] decompress(byte[] data, SizeLimit limit) throws Rejected {
        if (this == NONE) {
            return data;
        }
        if (this == BZIP2) {
            throw Rejected.invalid("comp bzip2 cannot be decompressed: the Java runtime has no bzip2 "
                    + "(send gzip, or store it as received with write-compressed = keep)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit.bytes(), Math.max(64L, data.length * 4L)));
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit.bytes()) {
                    throw limit.exceeded("decompressed content");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw Rejected.invalid("content is not valid gzip (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }

    /** @return {@code data} as one gzip member at {@code level} (0: {@link #DEFAULT_GZIP_LEVEL}) */
    public static byte[] gzip(byte[] data, int level) {
        return gzip(data, 0, data.length, level);
    }

    /** @return {@code length} bytes of {@code data} from {@code offset} as one gzip member at {@code level} (0: the default) */
    public static byte[] gzip(byte[] data, int offset, int length, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 3));
        try (OutputStream gz = new LevelGzipStream(out, effectiveLevel(level))) {
            gz.write(data, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e); // no I/O happens: cannot occur
        }
        return out.toByteArray();
    }

    /** {@link GZIPOutputStream} with a chosen level (the JDK's constructors have none). */
    private static final class LevelGzipStream extends GZIPOutputStream {
        LevelGzipStream(OutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
