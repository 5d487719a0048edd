package org.ccflux.core.internal.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** CC's human sizes (reference §10.1): powers of 1024, optional B, case-insensitive. */
public class HumanSizeTest {

    @Test
    public void plainNumbersAreBytes() {
        assertEquals(0, HumanSize.parse("0"));
        assertEquals(10, HumanSize.parse("10"));
        assertEquals(100, HumanSize.parse("100B"));
        assertEquals(42, HumanSize.parse("  42  "));
    }

    @Test
    public void unitsArePowersOf1024() {
        assertEquals(64 * 1024, HumanSize.parse("64 KB"));
        assertEquals(64 * 1024, HumanSize.parse("64k"));
        assertEquals(64 * 1024, HumanSize.parse("64kb"));
        assertEquals(1024 * 1024, HumanSize.parse("1M"));
        assertEquals(2L << 30, HumanSize.parse("2 GB"));
        assertEquals(3L << 40, HumanSize.parse("3T"));
        assertEquals(1L << 50, HumanSize.parse("1p"));
        assertEquals(7L << 60, HumanSize.parse("7E"));
    }

    @Test
    public void overflowIsRefused() {
        assertRefused("8E", "too large");
        assertRefused("9223372036854775807K", "too large");
    }

    @Test
    public void garbageIsRefused() {
        for (String bad : new String[] {"", "abc", "-1", "1.5M", "1 KiB", "K", "10 X", "1 MBB"}) {
            assertRefused(bad, "not a size");
        }
    }

    private static void assertRefused(String text, String reason) {
        try {
            long n = HumanSize.parse(text);
            fail("'" + text + "' parsed as " + n);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }
}
