package org.ccflux.handler.filter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import org.junit.Test;

/** CC's pattern semantics (reference §6.6) and the order of exclude and include. */
public class FilterRulesTest {
    private static boolean glob(String pattern, String type) {
        return TypePattern.parse(pattern).matches(type);
    }

    @Test
    public void patternsAreShellGlobsOnTheWholeTypeCaseSensitive() {
        assertTrue(glob("log.*", "log.info"));
        assertTrue("* crosses dots", glob("log.*", "log.info.extra"));
        assertTrue(glob("*", "pub.infofile"));
        assertTrue(glob("log.?nfo", "log.info"));
        assertFalse(glob("log.?nfo", "log.iinfo"));
        assertTrue("sets work in patterns without * too (CC's quirk)", glob("log.[iw]*", "log.warning"));
        assertFalse(glob("log.[!iw]*", "log.info"));
        assertTrue(glob("log.[!iw]*", "log.error"));
        assertTrue(glob("log.info", "log.info"));
        assertFalse("whole type, not a prefix", glob("log.info", "log.infos"));
        assertFalse("case-sensitive", glob("LOG.*", "log.info"));
        assertFalse("dots are literal", glob("log.info", "logxinfo"));
        assertTrue(glob("a[-]b", "a-b"));
    }

    @Test
    public void anExcludeMatchDropsBeforeIncludeIsLookedAt() {
        FilterRules r = FilterRules.parse(Map.of("forward-to", "t", "include", "log.*", "exclude", "log.debug, *.spam"));
        assertTrue(r.passes("log.info"));
        assertFalse(r.passes("log.debug"));
        assertFalse(r.passes("log.warning.spam"));
        assertFalse("not included", r.passes("pub.infofile"));
        assertTrue("no include list: everything not excluded", FilterRules.parse(Map.of("forward-to", "t", "exclude", "x")).passes("pub.y"));
    }

    @Test
    public void invalidSettingsAreRefusedNamingTheProperty() {
        refused(Map.of("include", "log.*"), "forward-to is required");
        refused(Map.of("forward-to", "t", "include", "log.[abc"), "include");
        refused(Map.of("forward-to", "t", "exclude", "[x"), "exclude");
    }

    private static void refused(Map<String, Object> props, String expected) {
        try {
            FilterRules.parse(props);
            fail("accepted " + props);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
        }
    }
}
