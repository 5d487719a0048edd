package org.ccflux.handler.files;

import static org.ccflux.handler.files.testing.FileMessageBuilder.gunzip;
import static org.ccflux.handler.files.testing.FileMessageBuilder.gzip;
import static org.ccflux.handler.files.testing.FileMessageBuilder.utf8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import org.junit.Test;

/** CC's compression methods: names, extensions, decompression within a limit, gzip at a level. */
public class CodecTest {
    private static final SizeLimit ONE_MB = new SizeLimit("max-file-size", 1 << 20);

    @Test
    public void ccsNamesInAnyCaseAndBlanks() {
        assertEquals(Codec.NONE, Codec.parse(""));
        assertEquals(Codec.NONE, Codec.parse("none"));
        assertEquals(Codec.GZIP, Codec.parse(" GZip "));
        assertEquals(Codec.BZIP2, Codec.parse("bzip2"));
        assertNull(Codec.parse("lzma"));
        assertEquals("", Codec.NONE.extension());
        assertEquals(".gz", Codec.GZIP.extension());
        assertEquals(".bz2", Codec.BZIP2.extension());
    }

    @Test
    public void noneIsTheDataItselfAndGzipIsInflatedIncludingManyMembers() throws Exception {
        byte[] raw = utf8("plain");
        assertSame(raw, Codec.NONE.decompress(raw, ONE_MB));
        byte[] two = concat(gzip(utf8("one\n")), gzip(utf8("two\n")));
        assertEquals("one\ntwo\n", new String(Codec.GZIP.decompress(two, ONE_MB), "UTF-8"));
    }

    @Test
    public void corruptOrTruncatedGzipAndAnyBzip2AreInvalid() {
        byte[] gz = gzip(utf8("x".repeat(1000)));
        assertRejected(Rejected.Kind.INVALID, Codec.GZIP, utf8("not gzip at all"), "content is not valid gzip");
        assertRejected(Rejected.Kind.INVALID, Codec.GZIP, Arrays.copyOf(gz, gz.length / 2), "content is not valid gzip");
        assertRejected(Rejected.Kind.INVALID, Codec.GZIP, Arrays.copyOf(gz, gz.length - 6), "content is not valid gzip");
        assertRejected(Rejected.Kind.INVALID, Codec.BZIP2, new byte[] {'B', 'Z', 'h', '9'}, "comp bzip2 cannot be decompressed");
    }

    @Test
    public void aGzipBombStopsAtTheLimit() {
        byte[] bomb = gzip(new byte[16 << 20]); // 16 MB of zeros in about 16 KB
        assertTrue(bomb.length < 64 * 1024);
        assertRejected(Rejected.Kind.OVERSIZED, Codec.GZIP, bomb, "decompressed content exceeds max-file-size (1048576 bytes)");
    }

    @Test
    public void gzipWritesOneMemberAtTheLevelAsked() throws Exception {
        String text = "plain text ".repeat(200);
        byte[] best = Codec.gzip(utf8(text), 9);
        assertTrue("compressed", best.length < text.length() / 10);
        assertEquals(text, gunzip(best));
        assertEquals("a slice", "text", gunzip(Codec.gzip(utf8("plain text"), 6, 4, 1)));
        assertArrayEquals("0 is CC's default, 6", Codec.gzip(utf8(text), 6), Codec.gzip(utf8(text), 0));
        assertEquals(6, Codec.effectiveLevel(0));
        assertEquals(1, Codec.effectiveLevel(1));
    }

    private static void assertRejected(Rejected.Kind kind, Codec codec, byte[] data, String message) {
        try {
            codec.decompress(data, ONE_MB);
            fail("decompressed " + data.length + " bytes");
        } catch (Rejected r) {
            assertEquals(kind, r.kind());
            assertTrue(r.getMessage(), r.getMessage().startsWith(message));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
