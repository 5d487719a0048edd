package org.ccflux.handler.infowriter.internal;

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
 * CC's compression methods (reference §10.2) as named in a message's {@code comp} and in the
 * {@code compression} option: {@code ""}/{@code none}, {@code gzip} and {@code bzip2}.
 *
 * <p>The JDK has gzip but no bzip2, and this bundle adds no library for it: bzip2 content can be stored as
 * received ({@code write-compressed = keep}, as {@code .bz2}) but not decompressed or produced. A message
 * that would need it is refused as invalid, and {@code compression = bzip2} is refused at configuration.
 */
enum Codec {
    NONE(""), GZIP(".gz"), BZIP2(".bz2");

    /** CC's default gzip level (a level of "" or 0 means this). */
    static final int DEFAULT_GZIP_LEVEL = 6;
    /** Deflater's levels are 1-9; 0 means the default, as in CC. */
    static final int MAX_LEVEL = Deflater.BEST_COMPRESSION;

    /** Appended to the file name when the file is written compressed. */
    final String extension;

    Codec(String extension) {
        this.extension = extension;
    }

    /** @return the codec for a {@code comp} value, or null if CC has no such method */
    static Codec parse(String name) {
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

    /**
     * @param limit the largest result accepted
     * @return the decompressed bytes
     * @throws Rejected oversized past {@code limit}; invalid if the data is corrupt or cannot be decompressed here
     */
    byte[] decompress(byte[] data, long limit) throws Rejected {
        switch (this) {
            case NONE:
                return data;
            case GZIP:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                    return readAtMost(in, limit);
                } catch (IOException e) {
                    throw Rejected.invalid("content is not valid gzip (" + e.getMessage() + ")");
                }
            default:
                throw Rejected.invalid("comp bzip2 cannot be decompressed: this Java runtime has no bzip2 "
                        + "(send gzip, or store it as received with write-compressed = keep)");
        }
    }

    /** @return {@code data} gzip-compressed at {@code level} (1-9) */
    static byte[] gzip(byte[] data, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 3));
        try (OutputStream gz = new LevelGzipStream(out, level)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e); // no I/O happens: cannot occur
        }
        return out.toByteArray();
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException, Rejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > limit) {
                // Checked while inflating: a small bomb never expands past the limit in memory.
                throw new Rejected(Rejected.Kind.OVERSIZED, "decompressed content exceeds max-file-size (" + limit + " bytes)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** {@link GZIPOutputStream} with a chosen level (the JDK's constructor has none). */
    private static final class LevelGzipStream extends GZIPOutputStream {
        LevelGzipStream(OutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level == 0 ? DEFAULT_GZIP_LEVEL : level);
        }
    }
}
