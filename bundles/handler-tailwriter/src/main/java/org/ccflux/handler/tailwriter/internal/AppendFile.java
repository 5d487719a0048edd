package org.ccflux.handler.tailwriter.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ccflux.handler.files.Codec;
import org.ccflux.handler.files.PathGuard;
import org.ccflux.handler.files.Rejected;

/**
 * One destination file open for append, as CC's worker kept it: a small write buffer like the C library's
 * (so a flush 3 s after the last write has the meaning it had in CC: the tail becomes visible to readers),
 * plus, with {@code write-compressed = yes}, the decompressed data held for the next gzip member. Touched only
 * by its lane's thread; not thread-safe.
 */
final class AppendFile {
    /** The C library's buffer size, what CC's Python 2 file objects used. */
    static final int WRITE_BUFFER = 8 * 1024;

    final Path path;
    private final FileChannel channel;
    /** Bytes in the file at open, before this handler appended. */
    final long sizeAtOpen;
    private byte[] buffer;
    private int buffered;
    /** Clock millis of the last chunk appended (held data included). */
    private long lastWrite;
    private Held held;
    private long heldSince;
    private int heldLevel;

    private AppendFile(Path path, FileChannel channel, long now) throws IOException {
        this.path = path;
        this.channel = channel;
        this.sizeAtOpen = channel.size();
        this.lastWrite = now;
    }

    /**
     * Opens {@code path} for append, creating it if needed, never through a symbolic link.
     *
     * @throws Rejected refused if {@code path} is a symbolic link
     * @throws IOException if it cannot be opened, or exists and is not a regular file
     */
    static AppendFile open(Path path, long now) throws IOException, Rejected {
        PathGuard.existingFile(path); // refuses a link, fails on a directory; if nothing is there, it is created below
        // NOFOLLOW_LINKS (O_NOFOLLOW) closes the window between the check above and the open.
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
        try {
            return new AppendFile(path, ch, now);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends {@code data} behind the buffer (small pieces are gathered in it, large ones go straight through). */
    void write(byte[] data) throws IOException {
        if (buffered + data.length > WRITE_BUFFER) {
            flush();
        }
        if (data.length >= WRITE_BUFFER) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            return;
        }
        if (buffer == null) {
            buffer = new byte[WRITE_BUFFER];
        }
        System.arraycopy(data, 0, buffer, buffered, data.length);
        buffered += data.length;
    }

    /** Marks a chunk appended at {@code now}: the flush and close delays count from here. */
    void touch(long now) {
        lastWrite = Math.max(lastWrite, now);
    }

    long lastWrite() {
        return lastWrite;
    }

    /** @return bytes written but still in this process */
    boolean dirty() {
        return buffered > 0;
    }

    /** Hands the buffered bytes to the operating system (no fsync, as CC's flush). */
    void flush() throws IOException {
        if (buffered > 0) {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, buffered);
            buffered = 0; // on failure these bytes are lost either way: never write them twice
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    /** Holds decompressed data for the next gzip member ({@code write-compressed = yes}). */
    void hold(byte[] plain, int level, long now) {
        if (held == null) {
            held = new Held();
        }
        if (held.size() == 0) {
            heldSince = now;
        }
        held.write(plain, 0, plain.length);
        heldLevel = level;
    }

    int held() {
        return held == null ? 0 : held.size();
    }

    long heldSince() {
        return heldSince;
    }

    /** @return the held data as one gzip member, and nothing held any more */
    byte[] takeHeldAsGzip() {
        byte[] gz = Codec.gzip(held.array(), 0, held.size(), heldLevel);
        held = null; // up to buffer-bytes: give the memory back rather than keep it per open file
        return gz;
    }

    /** Flushes and closes; the channel is closed even if the flush fails. */
    void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    /** Closes after a failure, dropping what is buffered. */
    void abort() {
        buffered = 0;
        held = null;
        try {
            channel.close();
        } catch (IOException e) {
            // the failure that led here is what gets reported
        }
    }

    /** {@link ByteArrayOutputStream} whose array can be compressed without a copy. */
    private static final class Held extends ByteArrayOutputStream {
        Held() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
