package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.tree;
import static org.ccflux.handler.tailwriter.internal.Logtail.gunzip;
import static org.ccflux.handler.tailwriter.internal.Logtail.gzip;
import static org.ccflux.handler.tailwriter.internal.Logtail.utf8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/** CC's {@code write-compressed} modes (§6.11, as the infowriter's §6.10) on streamed chunks. */
public class CompressionTest extends TailWriterTest {
    /** Not gzip, not plain: what a bzip2 stream starts with. Stored as received, never decompressed here. */
    private static final byte[] BZIP2 = {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 1, 2, 3};

    @Test
    public void plainOutputDecompressesGzipChunks() throws Exception {
        TailWriterHandler h = fx.start("c", dst);
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(gzip(utf8("one\n"))).message());
        h.handle(Logtail.of("h", "f.log", 4, "").comp("gzip").data(gzip(utf8("two\n"))).message());
        h.handle(Logtail.of("h", "f.log", 8, "three\n").comp("none").message());
        fx.stop(h);
        assertEquals(List.of("h--f.log"), tree(dst));
        assertEquals("one\ntwo\nthree\n", read(dst.resolve("h--f.log")));
        assertEquals(14, fx.get("c", "bytes.appended"));
    }

    @Test
    public void plainOutputRefusesBzip2ItCannotDecompress() throws Exception {
        TailWriterHandler h = fx.start("c", dst);
        h.handle(Logtail.of("h", "f.log", 0, "").comp("bzip2").blob(BZIP2).message());
        h.handle(Logtail.of("h", "f.log", 0, "fine\n").message());
        fx.stop(h);
        assertEquals(1, fx.get("c", "count.invalid"));
        assertEquals("fine\n", read(dst.resolve("h--f.log")));
    }

    @Test
    public void keepStoresChunksAsReceivedWithTheirExtension() throws Exception {
        TailWriterHandler h = fx.start("c", dst, "write-compressed", "keep");
        byte[] m1 = gzip(utf8("first member\n"));
        byte[] m2 = gzip(utf8("second member\n"));
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(m1).message());
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(m2).message());
        h.handle(Logtail.of("h", "plain.log", 0, "uncompressed\n").message());
        h.handle(Logtail.of("h", "b.log", 0, "").comp("bzip2").blob(BZIP2).message());
        fx.stop(h);
        assertEquals(List.of("h--b.log.bz2", "h--f.log.gz", "h--plain.log"), tree(dst));
        byte[] both = Files.readAllBytes(dst.resolve("h--f.log.gz"));
        assertEquals(m1.length + m2.length, both.length);
        assertEquals("a multi-member gzip file, as gunzip reads it", "first member\nsecond member\n", gunzip(both));
        assertArrayEquals(BZIP2, Files.readAllBytes(dst.resolve("h--b.log.bz2")));
        assertEquals("uncompressed\n", read(dst.resolve("h--plain.log")));
    }

    @Test
    public void yesGathersBufferBytesOfDecompressedDataPerGzipMember() throws Exception {
        TailWriterHandler h = fx.start("c", dst, "write-compressed", "yes", "compression", "gzip", "compression-level", "1",
                "buffer-bytes", "64 KB");
        String line = "x".repeat(99) + "\n";
        StringBuilder all = new StringBuilder();
        long fpos = 0;
        for (int i = 0; i < 700; i++) { // 70,000 bytes: one member at 64 KiB, the rest held
            h.handle(Logtail.of("h", "f.log", fpos, line).message());
            fpos += line.length();
            all.append(line);
        }
        fx.clock.advance(Duration.ofSeconds(3));
        Fixture.maintain(h); // flushed: the first member is on disk, the rest still held
        Path gz = dst.resolve("h--f.log.gz");
        String firstMember = gunzip(Files.readAllBytes(gz));
        assertTrue(firstMember.length() >= 64 * 1024 && firstMember.length() < all.length());
        assertEquals(all.substring(0, firstMember.length()), firstMember);
        fx.stop(h); // the held rest is written at close
        assertEquals(all.toString(), gunzip(Files.readAllBytes(gz)));
        assertEquals(Files.size(gz), fx.get("c", "bytes.appended"));
    }

    @Test
    public void yesWritesChunksAlreadyInItsFormatAsReceivedAfterWhatIsHeld() throws Exception {
        // CC appended them at once, ahead of the decompressed data it still held: out of order.
        TailWriterHandler h = fx.start("c", dst, "write-compressed", "yes", "compression", "gzip");
        h.handle(Logtail.of("h", "f.log", 0, "plain first\n").message());
        byte[] member = gzip(utf8("gzip second\n"));
        h.handle(Logtail.of("h", "f.log", 12, "").comp("gzip").blob(member).message());
        h.handle(Logtail.of("h", "f.log", 24, "plain third\n").message());
        fx.stop(h);
        assertEquals(List.of("h--f.log.gz"), tree(dst));
        assertEquals("plain first\ngzip second\nplain third\n", gunzip(Files.readAllBytes(dst.resolve("h--f.log.gz"))));
    }

    @Test
    public void heldDataIsWrittenOnceItIsAsOldAsTheCloseDelayEvenWhileTheFileIsActive() throws Exception {
        // CC held it until buffer-bytes filled up or the file closed: a slow log could wait for ever.
        TailWriterHandler h = fx.start("c", dst, "write-compressed", "yes", "compression", "gzip");
        Path gz = dst.resolve("h--f.log.gz");
        long fpos = 0;
        for (int i = 0; i < 4; i++) {
            h.handle(Logtail.of("h", "f.log", fpos, "tick " + i + "\n").message());
            fpos += 7;
            fx.clock.advance(Duration.ofSeconds(10));
            Fixture.maintain(h);
        }
        // at 30 s the data held since 0 s (ticks 0-2) was compressed and flushed; tick 3 (30 s) is held still
        assertEquals("tick 0\ntick 1\ntick 2\n", gunzip(Files.readAllBytes(gz)));
        assertEquals("the file stays open: it is still being written", 0, fx.get("c", "count.closed"));
    }

    @Test
    public void aGzipBombStopsAtMaxChunkSize() throws Exception {
        TailWriterHandler h = fx.start("c", dst, "max-chunk-size", "1 MB");
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(gzip(new byte[8 << 20])).message());
        h.handle(Logtail.of("h", "f.log", 0, "x".repeat(2 << 20)).message());
        h.handle(Logtail.of("h", "f.log", 0, "small\n").message());
        fx.stop(h);
        assertEquals(2, fx.get("c", "count.oversized"));
        assertEquals("small\n", read(dst.resolve("h--f.log")));
    }

    @Test
    public void corruptGzipIsInvalid() throws Exception {
        TailWriterHandler h = fx.start("c", dst);
        byte[] bad = gzip(utf8("truncated"));
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(java.util.Arrays.copyOf(bad, bad.length - 6)).message());
        h.handle(Logtail.of("h", "f.log", 0, "").comp("gzip").blob(utf8("not gzip at all")).message());
        fx.stop(h);
        assertEquals(2, fx.get("c", "count.invalid"));
        assertEquals(List.of(), tree(dst));
    }
}
