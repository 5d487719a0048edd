package org.ccflux.handler.infowriter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.ccflux.handler.files.DstMask;
import org.ccflux.handler.files.WriteMode;
import org.junit.Test;

/**
 * The infowriter's options (reference §6.10) with CC's names and defaults; every refusal names its property. The
 * options it shares with the tailwriter are {@code FileOptions}, tested in handler-files; here, that they are read.
 */
public class InfoWriterConfigTest {
    @Test
    public void onlyDstdirIsRequiredAndTheDefaultsAreCcs() {
        InfoWriterConfig c = parse("dstdir", "/srv/info");
        assertEquals(Paths.get("/srv/info"), c.files.dstdir());
        assertEquals(DstMask.LEGACY_FLAT, c.files.mask().toString());
        assertEquals("", c.bakext);
        assertEquals(64L << 20, c.maxFileSize.bytes());
        assertRefused(Map.of("routes", "pub.infofile"), "dstdir is required");
    }

    @Test
    public void theSharedOptionsAreReadAndRefusedLikeTheOthers() {
        InfoWriterConfig c = parse("dstdir", "/d", "host-subdirs", "yes", "write-compressed", "keep", "worker-threads", "3", "queue-size", "7");
        assertEquals(DstMask.LEGACY_SUBDIRS, c.files.mask().toString());
        assertEquals(WriteMode.KEEP, c.files.writeMode());
        assertEquals(3, c.files.workerThreads());
        assertEquals(7, c.files.queueSize());
        assertRefused(Map.of("dstdir", "/d", "write-compressed", "maybe"), "write-compressed must be one of");
        assertRefused(Map.of("dstdir", "/srv/info", "dstmask", "../infoX/%(filename)s"), "dstmask must be a relative path that stays inside dstdir");
    }

    @Test
    public void bakextMustNotContainASlash() {
        assertEquals("--prev", parse("dstdir", "/d", "bakext", "--prev").bakext);
        assertEquals("CC's explicit empty value", "", parse("dstdir", "/d", "bakext", "\"\"").bakext);
        assertRefused(Map.of("dstdir", "/d", "bakext", "/prev"), "bakext must be a file name suffix without / (e.g. --prev), was '/prev'");
        assertRefused(Map.of("dstdir", "/d", "bakext", "../x"), "bakext must be");
    }

    @Test
    public void maxFileSizeIsASizeFromOneByteToTwoGigabytes() {
        assertEquals(1024, parse("dstdir", "/d", "max-file-size", "1 KB").maxFileSize.bytes());
        assertEquals("max-file-size", parse("dstdir", "/d").maxFileSize.option());
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
        assertEquals("dstdir=/srv/info, dstmask=%(hostname)s/%(filename)s, write-compressed=yes (gzip level 6), "
                        + "worker-threads=10, queue-size=1000, bakext=--prev, max-file-size=67108864",
                parse("dstdir", "/srv/info", "host-subdirs", "yes", "bakext", "--prev", "write-compressed", "yes", "compression", "gzip").toString());
        assertTrue(parse("dstdir", "/d").toString().contains("bakext=(none)"));
    }

    private static InfoWriterConfig parse(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return InfoWriterConfig.parse(m);
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
