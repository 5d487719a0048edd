package org.ccflux.handler.disposer.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.junit.Test;

/** CC's disposer (reference §6.4): discard, counting disposed_count and disposed_bytes. */
public class DisposerHandlerTest {
    /** A tiny single-threaded CcStats. */
    private static final class MapStats implements CcStats {
        final Map<String, Long> values = new TreeMap<>();

        @Override
        public void add(String name, long delta) {
            values.merge(name, delta, Long::sum);
        }
    }

    private final MapStats stats = new MapStats();
    private final DisposerHandler disposer = new DisposerHandler(stats);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void countsOneMessageAndAllItsBytes() {
        CcMessage m = CcMessage.of(List.of(b("peer")), "log.debug", b("{\"x\":1}"), b("sig"), b("blob"));
        disposer.handle(m);
        // route 4 + delimiter 0 + type 9 + body 7 + signature 3 + blob 4
        assertEquals(Map.of("disposed_count", 1L, "disposed_bytes", 27L), stats.values);
        assertEquals(27, m.size());
    }

    @Test
    public void accumulatesOverMessages() {
        CcMessage small = CcMessage.of(List.of(b("a")), "x", b("{}"), null, null);
        CcMessage large = CcMessage.of(List.of(b("a"), b("b")), "pub.infofile", b("{\"data\":\"" + "z".repeat(1000) + "\"}"), null,
                new byte[4096]);
        disposer.handle(small);
        disposer.handle(large);
        disposer.handle(small);
        assertEquals(Long.valueOf(3), stats.values.get("disposed_count"));
        assertEquals(Long.valueOf(2L * small.size() + large.size()), stats.values.get("disposed_bytes"));
        assertEquals(2, stats.values.size());
    }

    @Test
    public void aMessageWithoutBodyIsCountedToo() throws Exception {
        CcMessage bare = CcMessage.decode(List.of(b("id"), new byte[0], b("log.info")));
        disposer.handle(bare);
        assertEquals(Map.of("disposed_count", 1L, "disposed_bytes", 10L), stats.values);
    }
}
