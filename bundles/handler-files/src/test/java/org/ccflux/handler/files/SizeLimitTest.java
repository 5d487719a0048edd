package org.ccflux.handler.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import org.ccflux.api.CcOptions;
import org.junit.Test;

/** The content bound ({@code max-file-size}, {@code max-chunk-size}): CC's size syntax, 1 byte to 2 GB, named in refusals. */
public class SizeLimitTest {
    @Test
    public void parsedWithCcsSizeSyntaxAndItsDefault() {
        assertEquals(64L << 20, SizeLimit.parse(new CcOptions(Map.of()), "max-file-size", "64 MB").bytes());
        assertEquals(1024, SizeLimit.parse(new CcOptions(Map.of("max-file-size", "1 KB")), "max-file-size", "64 MB").bytes());
        assertEquals("typed", 5, SizeLimit.parse(new CcOptions(Map.of("max-chunk-size", 5L)), "max-chunk-size", "64 MB").bytes());
        assertRefused("max-file-size", "1.5MB", "max-file-size must be a size like 64 KB, was '1.5MB'");
        assertRefused("max-file-size", "0", "max-file-size must be between 1 byte and 2 GB");
        assertRefused("max-chunk-size", "4 GB", "max-chunk-size must be between 1 byte and 2 GB");
    }

    @Test
    public void aSizeAboveTheLimitIsRejectedAsOversizedNamingTheOption() throws Exception {
        SizeLimit limit = new SizeLimit("max-chunk-size", 10);
        limit.check(10);
        try {
            limit.check(11);
            fail("accepted 11 bytes");
        } catch (Rejected r) {
            assertEquals(Rejected.Kind.OVERSIZED, r.kind());
            assertEquals("content of 11 bytes exceeds max-chunk-size (10 bytes)", r.getMessage());
        }
    }

    private static void assertRefused(String option, String value, String message) {
        try {
            SizeLimit.parse(new CcOptions(Map.of(option, value)), option, "64 MB");
            fail("accepted " + value);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
        }
    }
}
