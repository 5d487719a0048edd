package org.ccflux.handler.tailwriter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;
import org.ccflux.handler.files.Codec;
import org.ccflux.handler.files.WriteMode;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * CC's option names and defaults (§6.11), the new bounds, and refusals that name the property. The options the
 * tailwriter shares with the infowriter are {@code FileOptions}, tested in handler-files; here, that they are read.
 */
public class TailWriterConfigTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void ccDefaults() throws Exception {
        TailWriterConfig c = TailWriterConfig.parse(Map.of("dstdir", tmp.getRoot().toString()));
        assertEquals(tmp.getRoot().toPath().toAbsolutePath().normalize(), c.files.dstdir());
        assertEquals("%(hostname)s--%(filename)s", c.files.mask().toString());
        assertEquals(3, c.maintPeriodSeconds);
        assertEquals(WriteMode.PLAIN, c.files.writeMode());
        assertEquals(1024 * 1024, c.bufferBytes);
        assertEquals(10, c.files.workerThreads());
        assertEquals(64L << 20, c.queueBytes);
        assertEquals(64L << 20, c.maxChunkSize.bytes());
        assertEquals("max-chunk-size", c.maxChunkSize.option());
        assertEquals(1000, c.maxOpenFiles);
    }

    @Test
    public void ccValuesAsACfgFileGivesThem() throws Exception {
        TailWriterConfig c = parse("host-subdirs", "yes", "maint-period", "7", "write-compressed", "yes", "compression", "gzip",
                "compression-level", "1", "buffer-bytes", "2 MB", "worker-threads", "4", "queue-size", "50", "queue-bytes", "8M",
                "max-chunk-size", "16 MB", "max-open-files", "20");
        assertTrue(c.files.hostSubdirs());
        assertEquals("%(hostname)s/%(filename)s", c.files.mask().toString());
        assertEquals(7, c.maintPeriodSeconds);
        assertEquals(WriteMode.COMPRESS, c.files.writeMode());
        assertEquals(Codec.GZIP, c.files.compression());
        assertEquals(1, c.files.compressionLevel());
        assertEquals(2 << 20, c.bufferBytes);
        assertEquals(4, c.files.workerThreads());
        assertEquals(50, c.files.queueSize());
        assertEquals(8L << 20, c.queueBytes);
        assertEquals(16L << 20, c.maxChunkSize.bytes());
        assertEquals(20, c.maxOpenFiles);
    }

    @Test
    public void ccsExplicitEmptyValuesAndTypedValuesAreAccepted() throws Exception {
        Map<String, Object> p = new HashMap<>(Map.of("dstdir", tmp.getRoot().toString(), "write-compressed", "\"\"", "compression-level", "\"\"",
                "worker-threads", 3, "host-subdirs", Boolean.TRUE, "maint-period", 9, "max-open-files", 11));
        TailWriterConfig c = TailWriterConfig.parse(p);
        assertEquals(WriteMode.PLAIN, c.files.writeMode());
        assertEquals(0, c.files.compressionLevel());
        assertEquals(3, c.files.workerThreads());
        assertTrue(c.files.hostSubdirs());
        assertEquals(9, c.maintPeriodSeconds);
        assertEquals(11, c.maxOpenFiles);
    }

    @Test
    public void aBufferBytesBelowCcsMinimumIsRaisedToIt() throws Exception {
        TailWriterConfig c = parse("write-compressed", "yes", "compression", "gzip", "buffer-bytes", "1 KB");
        assertEquals(64 * 1024, c.bufferBytes);
        assertTrue(c.bufferBytesRaised);
        assertFalse(parse("buffer-bytes", "64 KB").bufferBytesRaised);
    }

    @Test
    public void invalidValuesAreRefusedNamingTheProperty() throws Exception {
        String[][] cases = {
            {"dstdir", ""},
            {"dstmask", "%(hostname)s"},
            {"write-compressed", "maybe"},
            {"worker-threads", "0"},
            {"maint-period", "0"},
            {"maint-period", "soon"},
            {"buffer-bytes", "1.5MB"},
            {"buffer-bytes", "1 GB"},
            {"queue-bytes", "0"},
            {"max-chunk-size", "0"},
            {"max-chunk-size", "4 GB"},
            {"max-open-files", "0"},
        };
        for (String[] bad : cases) {
            Map<String, Object> p = new HashMap<>(Map.of("dstdir", tmp.getRoot().toString(), "write-compressed", "yes", "compression", "gzip"));
            p.put(bad[0], bad[1]);
            try {
                TailWriterConfig.parse(p);
                fail("accepted " + bad[0] + " = " + bad[1]);
            } catch (IllegalArgumentException e) {
                assertTrue(bad[0] + ": " + e.getMessage(), e.getMessage().startsWith(bad[0] + " "));
            }
        }
    }

    @Test
    public void lanesChangeOnlyWithThreadsOrBounds() throws Exception {
        TailWriterConfig a = parse("worker-threads", "2");
        assertTrue(a.sameLanes(parse("worker-threads", "2", "dstmask", "%(filename)s", "maint-period", "9")));
        assertFalse(a.sameLanes(parse("worker-threads", "3")));
        assertFalse(a.sameLanes(parse("worker-threads", "2", "queue-size", "7")));
        assertFalse(a.sameLanes(parse("worker-threads", "2", "queue-bytes", "7 MB")));
        assertFalse(a.sameLanes(parse("worker-threads", "2", "max-open-files", "7")));
    }

    @Test
    public void theEffectiveConfigurationReadsLikeTheOptions() {
        String dstdir = tmp.getRoot().toPath().toAbsolutePath().normalize().toString();
        assertEquals("dstdir=" + dstdir + ", dstmask=%(hostname)s--%(filename)s, write-compressed=yes (gzip level 6), worker-threads=10, "
                + "queue-size=1000, maint-period=3s, buffer-bytes=1048576, queue-bytes=67108864, max-chunk-size=67108864, max-open-files=1000",
                parse("write-compressed", "yes", "compression", "gzip").toString());
        assertFalse("buffer-bytes only matters when compressing", parse().toString().contains("buffer-bytes"));
    }

    private TailWriterConfig parse(String... options) {
        Map<String, Object> p = new HashMap<>();
        p.put("dstdir", tmp.getRoot().toString());
        for (int i = 0; i < options.length; i += 2) {
            p.put(options[i], options[i + 1]);
        }
        return TailWriterConfig.parse(p);
    }
}
