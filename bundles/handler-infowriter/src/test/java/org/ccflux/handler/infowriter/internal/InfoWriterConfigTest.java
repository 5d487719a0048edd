package org.ccflux.handler.infowriter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The options of reference §6.10 with CC's names and defaults; every refusal names its property. */
public class InfoWriterConfigTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onlyDstdirIsRequiredAndTheDefaultsAreCcs() {
        InfoWriterConfig c = parse("dstdir", "/srv/info");
        assertEquals(Paths.get("/srv/info"), c.dstdir);
        assertEquals("host-subdirs = no: CC's flat legacy mask", DstMask.LEGACY_FLAT, c.mask.toString());
        assertEquals("", c.bakext);
        assertEquals(InfoWriterConfig.WriteMode.PLAIN, c.writeMode);
        assertEquals(Codec.NONE, c.compression);
        assertEquals(0, c.compressionLevel);
        assertEquals(10, c.workerThreads);
        assertEquals(1000, c.queueSize);
        assertEquals(64L << 20, c.maxFileSize);

        assertRefused(Map.of("routes", "pub.infofile"), "dstdir is required");
        assertRefused(Map.of("dstdir", ""), "dstdir is required");
        assertRefused(Map.of("dstdir", "\"\""), "dstdir is required");
    }

    @Test
    public void dstdirExpandsTildeAndIsMadeAbsoluteAndNormalised() throws IOException {
        assertEquals(Paths.get(System.getProperty("user.home"), "infofiles"), parse("dstdir", "~/infofiles").dstdir);
        assertEquals(Paths.get("").toAbsolutePath().resolve("regtest/dst-infofile"), parse("dstdir", "./regtest/x/../dst-infofile").dstdir);
        assertEquals(Paths.get("/srv/info"), parse("dstdir", "/srv//info/").dstdir);
        assertRefused(Map.of("dstdir", "~bob/info"), "dstdir must be an absolute path, ~/… or a relative path (~user is not supported), was '~bob/info'");
        assertRefused(Map.of("dstdir", "/"), "dstdir must be a directory below the file system root");
        Path file = tmp.newFile("a-file").toPath();
        assertRefused(Map.of("dstdir", file.toString()), "dstdir must be a directory (it exists and is not one)");
        assertRefused(Map.of("dstdir", "/srv/in\0fo"), "dstdir must be a valid path");
    }

    @Test
    public void anEmptyDstmaskMeansCcsLegacyMaskPerHostSubdirs() {
        assertEquals(DstMask.LEGACY_SUBDIRS, parse("dstdir", "/d", "host-subdirs", "yes").mask.toString());
        assertEquals(DstMask.LEGACY_FLAT, parse("dstdir", "/d", "host-subdirs", "off").mask.toString());
        assertEquals(DstMask.LEGACY_FLAT, parse("dstdir", "/d", "dstmask", "\"\"").mask.toString());
        assertRefused(Map.of("dstdir", "/d", "host-subdirs", "maybe"), "host-subdirs must be one of yes/no");
    }

    @Test
    public void dstmaskIsAPythonTemplateOverHostnameFilepathAndFilename() {
        DstMask m = parse("dstdir", "/d", "dstmask", "%(hostname)s/logs/%(filepath)s.100%%").mask;
        assertEquals("web1/logs//var/log/app.log.100%", m.apply("web1", "/var/log/app.log", "app.log"));
        assertEquals("web1--app.log", DstMask.parse(DstMask.LEGACY_FLAT).apply("web1", "/var/log/app.log", "app.log"));
        assertEquals("web1/app.log", DstMask.parse(DstMask.LEGACY_SUBDIRS).apply("web1", "/var/log/app.log", "app.log"));

        assertRefused(Map.of("dstdir", "/d", "dstmask", "%(host)s/%(filename)s"), "dstmask must be a template of %(hostname)s, %(filepath)s, %(filename)s and %%, was '%(host)s/%(filename)s'");
        assertRefused(Map.of("dstdir", "/d", "dstmask", "%(hostname)d/%(filename)s"), "dstmask must be a template of");
        assertRefused(Map.of("dstdir", "/d", "dstmask", "%(filename)s%"), "dstmask must be a template of");
        assertRefused(Map.of("dstdir", "/d", "dstmask", "%(hostname)s/static"), "dstmask must be a template containing %(filename)s or %(filepath)s");
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "../infoX/%(filename)s"),
                "dstmask must be a relative path that stays inside dstdir, was '../infoX/%(filename)s'");
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "/etc/%(filename)s"), "dstmask must be a relative path that stays inside dstdir");
        assertEquals("a/../%(filename)s", parse("dstdir", "/d", "dstmask", "a/../%(filename)s").mask.toString());
        try {
            parse("dstdir", "/d", "dstmask", "%%(hostname)s/%%(filename)s");
            fail("accepted CC's INI-escaped mask, which would name every file literally '%(hostname)s/%(filename)s'");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("a .cfg file does not interpolate"));
        }
    }

    @Test
    public void bakextMustNotContainASlash() {
        assertEquals("--prev", parse("dstdir", "/d", "bakext", "--prev").bakext);
        assertEquals("CC's explicit empty value", "", parse("dstdir", "/d", "bakext", "\"\"").bakext);
        assertRefused(Map.of("dstdir", "/d", "bakext", "/prev"), "bakext must be a file name suffix without / (e.g. --prev), was '/prev'");
        assertRefused(Map.of("dstdir", "/d", "bakext", "../x"), "bakext must be");
    }

    @Test
    public void writeCompressedIsOneOfCcsFourValues() {
        assertEquals(InfoWriterConfig.WriteMode.PLAIN, parse("dstdir", "/d", "write-compressed", "").writeMode);
        assertEquals(InfoWriterConfig.WriteMode.PLAIN, parse("dstdir", "/d", "write-compressed", "no").writeMode);
        assertEquals(InfoWriterConfig.WriteMode.KEEP, parse("dstdir", "/d", "write-compressed", "keep").writeMode);
        InfoWriterConfig yes = parse("dstdir", "/d", "write-compressed", "yes", "compression", "gzip", "compression-level", "9");
        assertEquals(InfoWriterConfig.WriteMode.COMPRESS, yes.writeMode);
        assertEquals(Codec.GZIP, yes.compression);
        assertEquals(9, yes.compressionLevel);
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "maybe"), "write-compressed must be one of \"\", no, keep, yes, was 'maybe'");
    }

    @Test
    public void compressionMustBeGzipWithYesAndBzip2IsRefusedWithTheReason() {
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes", "compression", "bzip2"),
                "compression must be gzip with write-compressed = yes (bzip2 is not available: the Java runtime has no bzip2 encoder), was 'bzip2'");
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes"), "compression must be gzip with write-compressed = yes, was ''");
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "yes", "compression", "lzma"), "compression must be gzip");
        assertEquals("as CC: compression is read only with write-compressed = yes", Codec.NONE,
                parse("dstdir", "/d", "write-compressed", "keep", "compression", "bzip2").compression);
    }

    @Test
    public void levelsThreadsQueueAndSizeAreBounded() {
        assertEquals(0, parse("dstdir", "/d", "compression-level", "\"\"").compressionLevel);
        assertEquals(1, parse("dstdir", "/d", "compression-level", "1").compressionLevel);
        assertRefused(Map.of("dstdir", "/d", "compression-level", "10"), "compression-level must be between 0 and 9, was '10'");
        assertEquals(3, parse("dstdir", "/d", "worker-threads", "3").workerThreads);
        assertEquals("typed, as metatype stores it", 4, parseTyped("worker-threads", 4).workerThreads);
        assertRefused(Map.of("dstdir", "/d", "worker-threads", "0"), "worker-threads must be between 1 and 256, was '0'");
        assertRefused(Map.of("dstdir", "/d", "worker-threads", "ten"), "worker-threads must be an integer, was 'ten'");
        assertRefused(Map.of("dstdir", "/d", "queue-size", "-1"), "queue-size must be between 1 and 1000000");
        assertEquals(1024, parse("dstdir", "/d", "max-file-size", "1 KB").maxFileSize);
        assertRefused(Map.of("dstdir", "/d", "max-file-size", "1.5MB"), "max-file-size must be a size like 64 KB, was '1.5MB'");
        assertRefused(Map.of("dstdir", "/d", "max-file-size", "0"), "max-file-size must be between 1 byte and 2 GB");
    }

    @Test
    public void theLanesChangeOnlyWithThreadsOrQueueSize() {
        InfoWriterConfig base = parse("dstdir", "/a");
        assertTrue(base.sameLanes(parse("dstdir", "/b", "bakext", "--prev")));
        assertTrue(!base.sameLanes(parse("dstdir", "/a", "worker-threads", "3")));
        assertTrue(!base.sameLanes(parse("dstdir", "/a", "queue-size", "5")));
    }

    @Test
    public void theEffectiveConfigurationReadsLikeTheOptions() {
        assertEquals("dstdir=/srv/info, dstmask=%(hostname)s/%(filename)s, bakext=--prev, write-compressed=yes (gzip level 6), "
                        + "worker-threads=10, queue-size=1000, max-file-size=67108864",
                parse("dstdir", "/srv/info", "host-subdirs", "yes", "bakext", "--prev", "write-compressed", "yes", "compression", "gzip").toString());
    }

    private static InfoWriterConfig parse(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return InfoWriterConfig.parse(m);
    }

    private static InfoWriterConfig parseTyped(String key, Object value) {
        return InfoWriterConfig.parse(Map.of("dstdir", "/d", key, value));
    }

    private static void assertRefused(Map<String, ?> props, String message) {
        try {
            InfoWriterConfig.parse(props);
            fail("accepted " + props);
        } catch (IllegalArgumentException e) {
            assertTrue("'" + e.getMessage() + "' should start with '" + message + "'", e.getMessage().startsWith(message));
        }
    }
}
