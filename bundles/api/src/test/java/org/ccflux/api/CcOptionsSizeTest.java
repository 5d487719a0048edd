package org.ccflux.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** CC's human sizes (reference §10.1): powers of 1024, optional B, case-insensitive. */
public class CcOptionsSizeTest {

    @Test
    public void plainNumbersAreBytes() {
        assertEquals(0, CcOptions.parseSize("0"));
        assertEquals(10, CcOptions.parseSize("10"));
        assertEquals(100, CcOptions.parseSize("100B"));
        assertEquals(42, CcOptions.parseSize("  42  "));
    }

    @Test
    public void unitsArePowersOf1024() {
        assertEquals(64 * 1024, CcOptions.parseSize("64 KB"));
        assertEquals(64 * 1024, CcOptions.parseSize("64k"));
        assertEquals(64 * 1024, CcOptions.parseSize("64kb"));
        assertEquals(1024 * 1024, CcOptions.parseSize("1M"));
        assertEquals(2L << 30, CcOptions.parseSize("2 GB"));
        assertEquals(3L << 40, CcOptions.parseSize("3T"));
        assertEquals(1L << 50, CcOptions.parseSize("1p"));
        assertEquals(7L << 60, CcOptions.parseSize("7E"));
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
            long n = CcOptions.parseSize(text);
            fail("'" + text + "' parsed as " + n);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }
}
