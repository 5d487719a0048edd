package org.ccflux.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Typed reads of Config Admin values: strings from .cfg files and typed values alike. */
public class CcOptionsTest {

    @Test
    public void hasIsFalseForMissingAndBlank() {
        CcOptions p = new CcOptions(props("a", "x", "blank", "  ", "zero", 0));
        assertTrue(p.has("a"));
        assertTrue(p.has("zero"));
        assertFalse(p.has("blank"));
        assertFalse(p.has("missing"));
    }

    @Test
    public void stringTrimsUnwrapsOneElementArraysAndReadsExplicitEmpty() {
        CcOptions p = new CcOptions(props("s", "  v  ", "arr", new String[] {"one"}, "empty", "\"\"", "n", 5));
        assertEquals("v", p.string("s", "d"));
        assertEquals("one", p.string("arr", "d"));
        assertEquals("", p.string("empty", "d"));
        assertEquals("5", p.string("n", "d"));
        assertEquals("d", p.string("missing", "d"));
    }

    @Test
    public void integerAcceptsStringsAndNumbers() {
        CcOptions p = new CcOptions(props("s", " 12 ", "i", 7, "l", 8L, "blank", ""));
        assertEquals(12, p.integer("s", 0, 0, 100));
        assertEquals(7, p.integer("i", 0, 0, 100));
        assertEquals(8L, p.integer("l", 0L, 0L, 100L));
        assertEquals(3, p.integer("blank", 3, 0, 100));
        assertEquals(4, p.integer("missing", 4, 0, 100));
    }

    @Test
    public void integerFailuresNameThePropertyAndTheValue() {
        assertMessage(() -> new CcOptions(props("zmq_hwm", "many")).integer("zmq_hwm", 1, 0, 10), "zmq_hwm", "an integer", "'many'");
        assertMessage(() -> new CcOptions(props("zmq_hwm", "11")).integer("zmq_hwm", 1, 0, 10), "zmq_hwm", "between 0 and 10", "'11'");
        assertMessage(() -> new CcOptions(props("zmq_hwm", -1)).integer("zmq_hwm", 1, 0, 10), "zmq_hwm", "between 0 and 10");
    }

    @Test
    public void sizeAcceptsHumanSizesAndNumbers() {
        CcOptions p = new CcOptions(props("h", "64 KB", "n", 100, "blank", " "));
        assertEquals(65536, p.size("h", 0));
        assertEquals(100, p.size("n", 0));
        assertEquals(-1, p.size("blank", -1));
        assertEquals(9, p.size("missing", 9));
        assertMessage(() -> new CcOptions(props("zmq_rcvbuf", "lots")).size("zmq_rcvbuf", 0), "zmq_rcvbuf", "a size like 64 KB");
    }

    @Test
    public void boolReadsCcWords() {
        for (String yes : new String[] {"1", "yes", "TRUE", "On", " true "}) {
            assertTrue(yes, new CcOptions(props("b", yes)).bool("b", false));
        }
        for (String no : new String[] {"0", "no", "False", "OFF"}) {
            assertFalse(no, new CcOptions(props("b", no)).bool("b", true));
        }
        assertTrue(new CcOptions(props("b", Boolean.TRUE)).bool("b", false));
        assertTrue(new CcOptions(props()).bool("b", true));
        assertMessage(() -> new CcOptions(props("use_skylog", "maybe")).bool("use_skylog", true), "use_skylog", "'maybe'");
    }

    @Test
    public void listSplitsCommasInStringsArraysAndCollections() {
        assertEquals(List.of("a", "b", "c"), new CcOptions(props("l", " a, b ,c ")).list("l", List.of()));
        assertEquals(List.of("a", "b", "c"), new CcOptions(props("l", new String[] {"a, b", "c"})).list("l", List.of()));
        assertEquals(List.of("x", "y"), new CcOptions(props("l", List.of("x", "y"))).list("l", List.of()));
        assertEquals(List.of("a"), new CcOptions(props("l", "a,,\"\", ")).list("l", List.of()));
        assertEquals(List.of("d"), new CcOptions(props()).list("l", List.of("d")));
        assertEquals(List.of(), new CcOptions(props("l", "")).list("l", List.of("d")));
    }

    @Test(expected = UnsupportedOperationException.class)
    public void listIsImmutable() {
        new CcOptions(props("l", "a")).list("l", List.of()).add("b");
    }

    static void assertMessage(Runnable r, String... parts) {
        try {
            r.run();
            fail("expected IllegalArgumentException mentioning " + List.of(parts));
        } catch (IllegalArgumentException e) {
            for (String part : parts) {
                assertTrue("'" + e.getMessage() + "' lacks '" + part + "'", e.getMessage().contains(part));
            }
        }
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
