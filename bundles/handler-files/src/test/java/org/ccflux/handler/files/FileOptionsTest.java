package org.ccflux.handler.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.ccflux.api.CcOptions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The options the file-writing handlers share (reference §6.10, §6.11): CC's names and defaults; every refusal names its property. */
public class FileOptionsTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onlyDstdirIsRequiredAndTheDefaultsAreCcs() {
        FileOptions o = parse("dstdir", "/srv/info");
        assertEquals(Paths.get("/srv/info"), o.dstdir());
        assertFalse(o.hostSubdirs());
        assertEquals("host-subdirs = no: CC's flat legacy mask", DstMask.LEGACY_FLAT, o.mask().toString());
        assertEquals(WriteMode.PLAIN, o.writeMode());
        assertEquals(Codec.NONE, o.compression());
        assertEquals(0, o.compressionLevel());
        assertEquals(10, o.workerThreads());
        assertEquals(1000, o.queueSize());

        assertRefused(Map.of("routes", "pub.infofile"), "dstdir is required");
        assertRefused(Map.of("dstdir", ""), "dstdir is required");
        assertRefused(Map.of("dstdir", "\"\""), "dstdir is required");
    }

    @Test
    public void dstdirExpandsTildeAndIsMadeAbsoluteAndNormalised() throws Exception {
        assertEquals(Paths.get(System.getProperty("user.home"), "infofiles"), parse("dstdir", "~/infofiles").dstdir());
        assertEquals(Paths.get(System.getProperty("user.home")), parse("dstdir", "~").dstdir());
        // CC's test configs use ./regtest/...: with its string-prefix check that refused every file (§12.5).
        assertEquals(Paths.get("").toAbsolutePath().resolve("regtest/dst-infofile"), parse("dstdir", "./regtest/x/../dst-infofile").dstdir());
        assertTrue(parse("dstdir", "regtest/dst-log").dstdir().isAbsolute());
        assertEquals(Paths.get("/srv/info"), parse("dstdir", "/srv//info/").dstdir());
        assertRefused(Map.of("dstdir", "~bob/info"), "dstdir must be an absolute path, ~/… or a relative path (~user is not supported), was '~bob/info'");
        assertRefused(Map.of("dstdir", "/"), "dstdir must be a directory below the file system root");
        Path file = tmp.newFile("a-file").toPath();
        assertRefused(Map.of("dstdir", file.toString()), "dstdir must be a directory (it exists and is not one)");
        assertRefused(Map.of("dstdir", "/srv/in\0fo"), "dstdir must be a valid path");
    }

    @Test
    public void anEmptyDstmaskMeansCcsLegacyMaskPerHostSubdirs() {
        assertEquals(DstMask.LEGACY_SUBDIRS, parse("dstdir", "/d", "host-subdirs", "yes").mask().toString());
        assertTrue(parse("dstdir", "/d", "host-subdirs", "yes").hostSubdirs());
        assertEquals(DstMask.LEGACY_FLAT, parse("dstdir", "/d", "host-subdirs", "off").mask().toString());
        assertEquals(DstMask.LEGACY_FLAT, parse("dstdir", "/d", "dstmask", "\"\"").mask().toString());
        assertEquals("a dstmask wins over host-subdirs", "%(filename)s", parse("dstdir", "/d", "host-subdirs", "yes", "dstmask", "%(filename)s").mask().toString());
        assertRefused(Map.of("dstdir", "/d", "host-subdirs", "maybe"), "host-subdirs must be one of yes/no");
    }

    @Test
    public void aDstmaskThatLeadsOutOfDstdirByItselfIsRefusedAtConfiguration() {
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "../infoX/%(filename)s"),
                "dstmask must be a relative path that stays inside dstdir, was '../infoX/%(filename)s'");
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "/etc/%(filename)s"), "dstmask must be a relative path that stays inside dstdir");
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "%(hostname)s"), "dstmask must be a template containing %(filename)s or %(filepath)s");
        assertEquals("a/../%(filename)s", parse("dstdir", "/d", "dstmask", "a/../%(filename)s").mask().toString());
    }

    @Test
    public void writeCompressedIsOneOfCcsFourValues() {
        assertEquals(WriteMode.PLAIN, parse("dstdir", "/d", "write-compressed", "").writeMode());
        assertEquals(WriteMode.PLAIN, parse("dstdir", "/d", "write-compressed", "\"\"").writeMode());
        assertEquals(WriteMode.PLAIN, parse("dstdir", "/d", "write-compressed", "no").writeMode());
        assertEquals(WriteMode.KEEP, parse("dstdir", "/d", "write-compressed", "keep").writeMode());
        FileOptions yes = parse("dstdir", "/d", "write-compressed", "yes", "compression", "gzip", "compression-level", "9");
        assertEquals(WriteMode.COMPRESS, yes.writeMode());
        assertEquals(Codec.GZIP, yes.compression());
        assertEquals(9, yes.compressionLevel());
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "maybe"), "write-compressed must be one of \"\", no, keep, yes, was 'maybe'");
    }

    @Test
    public void compressionMustBeGzipWithYesAndBzip2IsRefusedWithTheReason() {
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes", "compression", "bzip2"),
                "compression must be gzip with write-compressed = yes (bzip2 is not available: the Java runtime has no bzip2 encoder), was 'bzip2'");
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes"), "compression must be gzip with write-compressed = yes, was ''");
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes", "compression", "lzma"), "compression must be gzip");
        assertEquals("as CC: compression is read only with write-compressed = yes", Codec.NONE,
                parse("dstdir", "/d", "write-compressed", "keep", "compression", "bzip2").compression());
    }

    @Test
    public void levelsThreadsAndQueueAreBoundedAndTypedValuesWork() {
        assertEquals(0, parse("dstdir", "/d", "compression-level", "\"\"").compressionLevel());
        assertEquals(1, parse("dstdir", "/d", "compression-level", "1").compressionLevel());
        assertRefused(Map.of("dstdir", "/d", "compression-level", "10"), "compression-level must be between 0 and 9, was '10'");
        assertEquals(3, parse("dstdir", "/d", "worker-threads", "3").workerThreads());
        assertRefused(Map.of("dstdir", "/d", "worker-threads", "0"), "worker-threads must be between 1 and 256, was '0'");
        assertRefused(Map.of("dstdir", "/d", "worker-threads", "257"), "worker-threads must be between 1 and 256");
        assertRefused(Map.of("dstdir", "/d", "worker-threads", "ten"), "worker-threads must be an integer, was 'ten'");
        assertRefused(Map.of("dstdir", "/d", "queue-size", "-1"), "queue-size must be between 1 and 1000000");
        assertRefused(Map.of("dstdir", "/d", "queue-size", "0"), "queue-size must be between 1 and 1000000");

        FileOptions typed = FileOptions.parse(new CcOptions(Map.of("dstdir", "/d", "worker-threads", 4, "host-subdirs", Boolean.TRUE)));
        assertEquals("typed, as metatype stores it", 4, typed.workerThreads());
        assertTrue(typed.hostSubdirs());
    }

    @Test
    public void everyRefusalNamesItsProperty() {
        String[][] cases = {
            {"dstdir", ""}, {"dstdir", "~bob/logs"}, {"dstdir", "/"}, {"host-subdirs", "maybe"},
            {"dstmask", "%(hostname)s"}, {"dstmask", "../%(filename)s"}, {"dstmask", "/abs/%(filename)s"}, {"dstmask", "%(host)s/%(filename)s"},
            {"dstmask", "%d-%(filename)s"}, {"write-compressed", "maybe"}, {"compression", "lzma"}, {"compression-level", "10"},
            {"worker-threads", "0"}, {"worker-threads", "257"}, {"queue-size", "0"},
        };
        for (String[] bad : cases) {
            Map<String, Object> p = new HashMap<>(Map.of("dstdir", tmp.getRoot().toString(), "write-compressed", "yes", "compression", "gzip"));
            p.put(bad[0], bad[1]);
            try {
                FileOptions.parse(new CcOptions(p));
                fail("accepted " + bad[0] + " = " + bad[1]);
            } catch (IllegalArgumentException e) {
                assertTrue(bad[0] + ": " + e.getMessage(), e.getMessage().startsWith(bad[0] + " "));
            }
        }
    }

    @Test
    public void theDestinationIsTheMaskFilledInWithTheExtensionOfTheFormWritten() throws Exception {
        FileMessage gz = SampleFile.of("h", "logs/app.log", "x").comp("gzip").parsed();
        FileMessage plain = SampleFile.of("h", "logs/app.log", "x").parsed();
        assertEquals(Paths.get("/d/h--app.log"), parse("dstdir", "/d").destination(gz));
        assertEquals(Paths.get("/d/h--app.log.gz"), parse("dstdir", "/d", "write-compressed", "keep").destination(gz));
        assertEquals(Paths.get("/d/h--app.log"), parse("dstdir", "/d", "write-compressed", "keep").destination(plain));
        assertEquals(Paths.get("/d/h/app.log.gz"), parse("dstdir", "/d", "host-subdirs", "yes", "write-compressed", "yes", "compression", "gzip")
                .destination(plain));
        assertEquals(Paths.get("/d/h/logs/app.log"), parse("dstdir", "/d", "dstmask", "%(hostname)s/%(filepath)s").destination(plain));
    }

    @Test
    public void theLexicalCheckAloneRefusesEveryEscapeBeforeAnyFileIsTouched() throws Exception {
        Path dst = tmp.getRoot().toPath().resolve("info");
        FileOptions options = parse("dstdir", dst.toString(), "dstmask", "%(hostname)s/%(filepath)s");
        for (String[] escape : new String[][] {{"..", "x"}, {"h", "../../x"}, {"h", "../../infoX/evil"}, {"..", "infoX/evil"},
                {"h", "a/../../../x"}, {"h\u0000", "x"}}) {
            try {
                options.destination(SampleFile.of(escape[0], escape[1], "x").parsed());
                fail("accepted hostname " + escape[0] + ", filename " + escape[1]);
            } catch (Rejected r) {
                assertEquals(Rejected.Kind.REFUSED, r.kind());
            }
        }
        assertEquals(dst.resolve("h/a/b"), options.destination(SampleFile.of("h", "a/./x/../b", "x").parsed()));
        assertFalse("nothing created", dst.toFile().exists());
    }

    @Test
    public void contentIsStoredAsReceivedWhenKeptOrAlreadyInTheFormWritten() {
        FileOptions plain = parse("dstdir", "/d");
        assertTrue(plain.storesAsReceived(Codec.NONE));
        assertFalse(plain.storesAsReceived(Codec.GZIP));
        FileOptions keep = parse("dstdir", "/d", "write-compressed", "keep");
        for (Codec c : Codec.values()) {
            assertTrue(keep.storesAsReceived(c));
        }
        FileOptions yes = parse("dstdir", "/d", "write-compressed", "yes", "compression", "gzip");
        assertTrue(yes.storesAsReceived(Codec.GZIP));
        assertFalse(yes.storesAsReceived(Codec.NONE));
        assertFalse(yes.storesAsReceived(Codec.BZIP2));
    }

    @Test
    public void theLanesChangeOnlyWithThreadsOrQueueSize() {
        FileOptions base = parse("dstdir", "/a");
        assertTrue(base.sameLanes(parse("dstdir", "/b", "dstmask", "%(filename)s", "write-compressed", "keep")));
        assertFalse(base.sameLanes(parse("dstdir", "/a", "worker-threads", "3")));
        assertFalse(base.sameLanes(parse("dstdir", "/a", "queue-size", "5")));
    }

    @Test
    public void theEffectiveOptionsReadLikeTheOptions() {
        assertEquals("dstdir=/srv/info, dstmask=%(hostname)s/%(filename)s, write-compressed=yes (gzip level 6), worker-threads=10, queue-size=1000",
                parse("dstdir", "/srv/info", "host-subdirs", "yes", "write-compressed", "yes", "compression", "gzip").toString());
        assertEquals("dstdir=/d, dstmask=%(hostname)s--%(filename)s, write-compressed=keep, worker-threads=2, queue-size=7",
                parse("dstdir", "/d", "write-compressed", "keep", "worker-threads", "2", "queue-size", "7").toString());
    }

    private static FileOptions parse(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return FileOptions.parse(new CcOptions(m));
    }

    private static void assertRefused(Map<String, ?> props, String message) {
        try {
            FileOptions.parse(new CcOptions(props));
            fail("accepted " + props);
        } catch (IllegalArgumentException e) {
            assertTrue("'" + e.getMessage() + "' should start with '" + message + "'", e.getMessage().startsWith(message));
        }
    }
}
