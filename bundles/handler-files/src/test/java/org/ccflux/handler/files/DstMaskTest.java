package org.ccflux.handler.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** CC's {@code dstmask}: a Python %-template over three fields; anything else is refused naming the option. */
public class DstMaskTest {
    @Test
    public void theThreeFieldsAndALiteralPercentAreFilledIn() {
        DstMask m = DstMask.parse("%(hostname)s/logs/%(filepath)s.100%%");
        assertEquals("web1/logs//var/log/app.log.100%", m.apply("web1", "/var/log/app.log", "app.log"));
        assertEquals("%% is a literal %", "logs/%h/x", DstMask.parse("logs/%%h/%(filename)s").apply("h", "p", "x"));
        assertEquals("h-x-h", DstMask.parse("%(hostname)s-%(filename)s-%(hostname)s").apply("h", "p", "x"));
        assertEquals("%(hostname)s/logs/%(filepath)s.100%%", m.toString());
    }

    @Test
    public void ccsLegacyMasksFollowHostSubdirs() {
        assertEquals("web1--app.log", DstMask.parse(DstMask.LEGACY_FLAT).apply("web1", "/var/log/app.log", "app.log"));
        assertEquals("web1/app.log", DstMask.parse(DstMask.LEGACY_SUBDIRS).apply("web1", "/var/log/app.log", "app.log"));
        assertEquals(DstMask.LEGACY_SUBDIRS, DstMask.of("", true).toString());
        assertEquals(DstMask.LEGACY_FLAT, DstMask.of("", false).toString());
        assertEquals("%(filepath)s", DstMask.of("%(filepath)s", true).toString());
    }

    @Test
    public void anythingButTheThreeFieldsIsRefused() {
        assertRefused("%(host)s/%(filename)s", "dstmask must be a template of %(hostname)s, %(filepath)s, %(filename)s and %%, was '%(host)s/%(filename)s'");
        assertRefused("%(hostname)d/%(filename)s", "dstmask must be a template of");
        assertRefused("%(filename)s%", "dstmask must be a template of");
        assertRefused("%d-%(filename)s", "dstmask must be a template of");
        assertRefused("%(filename", "dstmask must be a template of");
    }

    @Test
    public void aMaskWithoutTheFileIsRefused() {
        assertRefused("%(hostname)s/static", "dstmask must be a template containing %(filename)s or %(filepath)s");
        assertRefused("", "dstmask must be a template containing");
    }

    @Test
    public void ccsDoubledPercentFromTheIniIsExplained() {
        try {
            DstMask.parse("%%(hostname)s/%%(filename)s");
            fail("accepted CC's INI-escaped mask, which would name every file literally '%(hostname)s/%(filename)s'");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("a .cfg file does not interpolate"));
        }
    }

    private static void assertRefused(String mask, String message) {
        try {
            DstMask.parse(mask);
            fail("accepted " + mask);
        } catch (IllegalArgumentException e) {
            assertTrue("'" + e.getMessage() + "' should start with '" + message + "'", e.getMessage().startsWith(message));
        }
    }
}
