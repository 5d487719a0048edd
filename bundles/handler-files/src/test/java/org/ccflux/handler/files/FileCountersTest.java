package org.ccflux.handler.files;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/** The common counters of a file-writing handler instance, {@code <handler>.<name>.…}. */
public class FileCountersTest {
    private final Map<String, Long> stats = new TreeMap<>();

    @Test
    public void eachOutcomeHasItsCounterUnderTheInstancesPrefix() {
        FileCounters c = new FileCounters((name, delta) -> stats.merge(name, delta, Long::sum), "infowriter", "central");
        c.rejected(Rejected.Kind.REFUSED);
        c.rejected(Rejected.Kind.INVALID);
        c.rejected(Rejected.Kind.INVALID);
        c.rejected(Rejected.Kind.OVERSIZED);
        c.overflow(120);
        c.overflow(30);
        c.failed();
        c.add(c.counter("count.written"), 5);
        assertEquals(Map.of("infowriter.central.count.refused", 1L, "infowriter.central.count.invalid", 2L,
                "infowriter.central.count.oversized", 1L, "infowriter.central.count.overflow", 2L, "infowriter.central.bytes.overflow", 150L,
                "infowriter.central.count.failed", 1L, "infowriter.central.count.written", 5L), stats);
    }
}
