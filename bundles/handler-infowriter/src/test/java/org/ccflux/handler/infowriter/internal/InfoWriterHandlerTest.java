package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.read;
import static org.ccflux.handler.infowriter.internal.Fixture.tree;
import static org.ccflux.handler.infowriter.internal.Infofile.gunzip;
import static org.ccflux.handler.infowriter.internal.Infofile.gzip;
import static org.ccflux.handler.infowriter.internal.Infofile.utf8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** CC's infowriter behaviour (reference §6.10, AC-2) on real files in a temp directory. */
public class InfoWriterHandlerTest {
    /** AC-1 step 2 / testmsg.py "info", byte for byte as CC's Python sends it. */
    static final String AC_SAMPLE = "{\"req\": \"pub.infofile\", \"time\": 1360000000.123456, \"mtime\": 1314187603, "
            + "\"hostname\": \"me\", \"filename\": \"info.1\", \"data\": \"cXdlcnR5\\n\", \"comp\": \"\", \"mode\": \"b\"}";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    @Test
    public void ac2TheSampleMessageBecomesMeInfo1WithItsContentAndMtimeUnderARelativeDstdir() throws Exception {
        Path dst = tmp.getRoot().toPath().resolve("regtest/dst-infofile");
        // CC 0.8.7 refused every file under a relative dstdir (§12.5): AC-2 failed against the original.
        Path relative = Paths.get("").toAbsolutePath().relativize(dst);
        assertFalse(relative.isAbsolute());
        InfoWriterHandler h = fx.start("info", relative, "host-subdirs", "yes", "bakext", "--prev");

        h.handle(CcMessage.of(List.of(utf8("peer")), "pub.infofile", utf8(AC_SAMPLE), null, null));
        fx.stop(h);

        Path file = dst.resolve("me/info.1");
        assertEquals("qwerty", read(file));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1314187603)), Files.getLastModifiedTime(file));
        assertEquals(List.of("me/info.1"), tree(dst));
        assertEquals(1, fx.get("info", "count.written"));
        assertEquals(6, fx.get("info", "bytes.written"));
        assertEquals("CC's own counters too", 1, fx.get("written_files"));
        assertEquals(6, fx.get("written_bytes"));
    }

    @Test
    public void withoutHostSubdirsNamesAreFlatAndBackslashPathsAreSplit() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("flat", dst);
        h.handle(Infofile.of("web1", "/tmp/infodir/info.1", "100", "one").message());
        h.handle(Infofile.of("web1", "C:\\infodir\\info.2", "100", "two").message());
        h.handle(Infofile.of("db/2", "info.3", "100", "three").message());
        fx.stop(h);
        assertEquals(List.of("db_2--info.3", "web1--info.1", "web1--info.2"), tree(dst));
        assertEquals("one", read(dst.resolve("web1--info.1")));
    }

    @Test
    public void aDstmaskWithTheWholeSentPathRebuildsTheTreeInsideDstdir() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("tree", dst, "dstmask", "%(hostname)s/files/%(filepath)s");
        h.handle(Infofile.of("web1", "/var/log/app/info.log", "100", "x").message());
        h.handle(Infofile.of("web1", "relative/a/../b.txt", "100", "y").message());
        fx.stop(h);
        assertEquals(List.of("web1/files/relative/b.txt", "web1/files/var/log/app/info.log"), tree(dst));
    }

    @Test
    public void aNonEmptyBlobIsTheContentElseBase64Data() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("blob", dst);
        h.handle(Infofile.of("h", "from-blob", "100", "ignored").blob(utf8("blob content")).message());
        Infofile emptyBlob = Infofile.of("h", "empty-blob", "100", "from data");
        CcMessage m = emptyBlob.message();
        h.handle(CcMessage.of(m.route(), m.type(), m.body(), m.signature(), new byte[0]));
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        h.handle(Infofile.of("h", "binary", "100", "").data(binary).message());
        h.handle(Infofile.of("h", "empty-file", "100", "").message());
        fx.stop(h);
        assertEquals("blob content", read(dst.resolve("h--from-blob")));
        assertEquals("from data", read(dst.resolve("h--empty-blob")));
        assertArrayEquals(binary, Files.readAllBytes(dst.resolve("h--binary")));
        assertEquals(0, Files.size(dst.resolve("h--empty-file")));
    }

    @Test
    public void theMtimeIsTheSendersToTheNanosecondAndAtimeToo() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("t", dst);
        h.handle(Infofile.of("h", "f", "1700000000.123456", "x").message());
        h.handle(Infofile.of("h", "g", "1700000000", "x").set("mtime", "1700000001.5").message());
        fx.stop(h);
        assertEquals(Instant.ofEpochSecond(1700000000, 123456000), Files.getLastModifiedTime(dst.resolve("h--f")).toInstant());
        assertEquals(Instant.ofEpochSecond(1700000000, 123456000), ((FileTime) Files.getAttribute(dst.resolve("h--f"), "lastAccessTime")).toInstant());
        assertEquals("a numeric string works too", Instant.ofEpochSecond(1700000001, 500_000_000),
                Files.getLastModifiedTime(dst.resolve("h--g")).toInstant());
    }

    @Test
    public void aMessageNotNewerThanTheFileIsSkippedAndCounted() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("s", dst);
        h.handle(Infofile.of("h", "f", "200", "second").message());
        h.handle(Infofile.of("h", "f", "100", "first, arrived late").message());
        h.handle(Infofile.of("h", "f", "200", "same mtime again").message());
        fx.stop(h);
        assertEquals("second", read(dst.resolve("h--f")));
        assertEquals(1, fx.get("s", "count.written"));
        assertEquals(2, fx.get("s", "count.skipped"));

        InfoWriterHandler again = fx.start("s2", dst);
        again.handle(Infofile.of("h", "f", "300", "third").message());
        fx.stop(again);
        assertEquals("third", read(dst.resolve("h--f")));
    }

    @Test
    public void bakextKeepsThePreviousVersionWithItsMtime() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("b", dst, "host-subdirs", "yes", "bakext", "--prev");
        h.handle(Infofile.of("h", "f", "100", "v1").message());
        h.handle(Infofile.of("h", "f", "200", "v2").message());
        fx.stop(h);
        assertEquals("v2", read(dst.resolve("h/f")));
        assertEquals("v1", read(dst.resolve("h/f--prev")));
        assertEquals(FileTime.from(Instant.ofEpochSecond(100)), Files.getLastModifiedTime(dst.resolve("h/f--prev")));

        InfoWriterHandler next = fx.start("b2", dst, "host-subdirs", "yes", "bakext", "--prev");
        next.handle(Infofile.of("h", "f", "300", "v3").message());
        fx.stop(next);
        assertEquals("v3", read(dst.resolve("h/f")));
        assertEquals("v2", read(dst.resolve("h/f--prev")));
        assertEquals(List.of("h/f", "h/f--prev"), tree(dst));
    }

    @Test
    public void withoutBakextNoBackupAndNoTemporaryFileIsLeft() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("n", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("h", "f", "100", "v1").message());
        h.handle(Infofile.of("h", "f", "200", "v2").message());
        fx.stop(h);
        assertEquals(List.of("h/f"), tree(dst));
    }

    @Test
    public void writeCompressedNoWritesDecompressedContent() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("plain", dst, "write-compressed", "no");
        h.handle(Infofile.of("h", "gz", "100", "").comp("gzip").data(gzip(utf8("unzipped"))).message());
        h.handle(Infofile.of("h", "gz-blob", "100", "").comp("gzip").blob(gzip(utf8("from blob"))).message());
        h.handle(Infofile.of("h", "none", "100", "as is").comp("none").message());
        fx.stop(h);
        assertEquals("unzipped", read(dst.resolve("h--gz")));
        assertEquals("from blob", read(dst.resolve("h--gz-blob")));
        assertEquals("as is", read(dst.resolve("h--none")));
    }

    @Test
    public void writeCompressedKeepStoresWhatCameWithItsExtensionIncludingBzip2() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("keep", dst, "write-compressed", "keep");
        byte[] gz = gzip(utf8("zipped"));
        byte[] bz = {'B', 'Z', 'h', '9', 1, 2, 3}; // stored as received: never decompressed here
        h.handle(Infofile.of("h", "a", "100", "").comp("gzip").blob(gz).message());
        h.handle(Infofile.of("h", "b", "100", "").comp("bzip2").data(bz).message());
        h.handle(Infofile.of("h", "c", "100", "plain").message());
        fx.stop(h);
        assertArrayEquals(gz, Files.readAllBytes(dst.resolve("h--a.gz")));
        assertArrayEquals(bz, Files.readAllBytes(dst.resolve("h--b.bz2")));
        assertEquals("plain", read(dst.resolve("h--c")));
    }

    @Test
    public void writeCompressedYesRecompressesUnlessAlreadyInThatFormat() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("yes", dst, "write-compressed", "yes", "compression", "gzip", "compression-level", "9");
        byte[] gz = gzip(utf8("already gzip"));
        String text = "plain text ".repeat(200);
        h.handle(Infofile.of("h", "plain", "100", text).message());
        h.handle(Infofile.of("h", "gz", "100", "").comp("gzip").blob(gz).message());
        fx.stop(h);
        byte[] written = Files.readAllBytes(dst.resolve("h--plain.gz"));
        assertTrue("compressed", written.length < text.length() / 10);
        assertEquals(text, gunzip(written));
        assertArrayEquals("same format: written as received", gz, Files.readAllBytes(dst.resolve("h--gz.gz")));
        assertEquals(written.length + gz.length, fx.get("yes", "bytes.written"));
    }

    @Test
    public void contentThatCannotBeDecodedIsRefusedAsInvalidAndTheHandlerGoesOn() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("bad", dst);
        h.handle(Infofile.of("h", "bz", "100", "").comp("bzip2").data(new byte[] {'B', 'Z', 'h'}).message());
        h.handle(Infofile.of("h", "corrupt", "100", "").comp("gzip").data(utf8("not gzip at all")).message());
        byte[] truncated = gzip(utf8("x".repeat(1000)));
        h.handle(Infofile.of("h", "truncated", "100", "").comp("gzip").data(java.util.Arrays.copyOf(truncated, truncated.length / 2)).message());
        h.handle(Infofile.of("h", "b64", "100", "").set("data", "cXdl@@cnR5").message());
        h.handle(Infofile.of("h", "ok", "100", "fine").message());
        fx.stop(h);
        assertEquals(4, fx.get("bad", "count.invalid"));
        assertEquals(List.of("h--ok"), tree(dst));
    }

    @Test
    public void anUnknownCompIsRefusedEvenWithKeepWhereCcCrashed() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("k", dst, "write-compressed", "keep");
        h.handle(Infofile.of("h", "x", "100", "data").comp("lzma").message());
        fx.stop(h);
        assertEquals(1, fx.get("k", "count.invalid"));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void malformedMessagesAreCountedNeverThrownAndTheNextGoodOneIsWritten() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("m", dst);
        List<CcMessage> bad = List.of(
                CcMessage.of(List.of(), "pub.infofile", utf8("not json"), null, null),
                CcMessage.of(List.of(), "pub.infofile", utf8("[1, 2]"), null, null),
                CcMessage.of(List.of(), "pub.infofile", new byte[0], null, null),
                Infofile.of("h", "f", "100", "x").remove("hostname").message(),
                Infofile.of("h", "f", "100", "x").remove("filename").message(),
                Infofile.of("h", "f", "100", "x").remove("mtime").message(),
                Infofile.of("h", "f", "100", "x").remove("data").message(),
                Infofile.of("h", "f", "100", "x").set("mtime", "yesterday").message(),
                Infofile.of("h", "f", "100", "x").set("mtime", "-5").message(),
                Infofile.of("", "f", "100", "x").message(),
                Infofile.of("h", "dir/", "100", "x").message(),
                Infofile.of("h", "..", "100", "x").message(),
                withNumber(Infofile.of("h", "f", "100", "x"), "hostname"),
                withNumber(Infofile.of("h", "f", "100", "x"), "data"));
        for (CcMessage m : bad) {
            h.handle(m);
        }
        h.handle(Infofile.of("h", "odd-mode", "100", "written anyway").set("mode", "t").message());
        h.handle(Infofile.of("h", "no-comp-no-mode", "100", "defaults").remove("comp").remove("mode").message());
        fx.stop(h);
        assertEquals(bad.size(), fx.get("m", "count.invalid"));
        assertEquals(List.of("h--no-comp-no-mode", "h--odd-mode"), tree(dst));
    }

    @Test
    public void contentAboveMaxFileSizeIsRefusedAsOversizedAlsoAfterDecompression() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("o", dst, "max-file-size", "64 KB", "write-compressed", "no");
        h.handle(Infofile.of("h", "blob", "100", "").blob(new byte[65 * 1024]).message());
        h.handle(Infofile.of("h", "data", "100", "").data(new byte[65 * 1024]).message());
        byte[] bomb = gzip(new byte[16 << 20]); // 16 MB of zeros in about 16 KB
        assertTrue(bomb.length < 64 * 1024);
        h.handle(Infofile.of("h", "bomb", "100", "").comp("gzip").blob(bomb).message());
        h.handle(Infofile.of("h", "fits", "100", "").blob(new byte[64 * 1024]).message());
        fx.stop(h);
        assertEquals(3, fx.get("o", "count.oversized"));
        assertEquals(List.of("h--fits"), tree(dst));
    }

    @Test
    public void anIoFailureIsCountedAndLeavesNothingBehind() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Files.createDirectories(dst.resolve("h/f")); // the destination is a directory: cannot be replaced by a file
        InfoWriterHandler h = fx.start("io", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("h", "f", "100", "x").message());
        h.handle(Infofile.of("h", "g", "100", "y").message());
        fx.stop(h);
        assertEquals(1, fx.get("io", "count.failed"));
        assertEquals(1, fx.get("io", "count.written"));
        assertTrue(Files.isDirectory(dst.resolve("h/f"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("h/g"), tree(dst));
    }

    @Test
    public void countersAreNamedAfterTheFactoryConfiguration() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Map<String, Object> props = fx.props("ignored", dst);
        props.remove("handler.name");
        props.put("felix.fileinstall.filename", "file:/opt/ccflux/etc/org.ccflux.handler.infowriter-central.cfg");
        InfoWriterHandler h = fx.start("central", InfoWriterHandler.WriteGate.OPEN, props);
        h.handle(Infofile.of("h", "f", "100", "x").message());
        fx.stop(h);
        assertEquals(1, fx.get("infowriter.central.count.written"));
    }

    private static CcMessage withNumber(Infofile f, String field) {
        f.body.put(field, 42);
        return f.message();
    }
}
