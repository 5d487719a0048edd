package org.ccflux.api;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Destination validation (reference §1.3) and whole-component prefix matching (§3). */
public class MessageTypeTest {

    @Test
    public void acceptsDottedComponentsOfLettersDigitsUnderscoreAndHyphen() {
        for (String t : new String[] {"log", "log.info", "pub.infofile.confdb", "a", "A-b_c.9", "task-router.x_1",
                "echo.request", "0.1.2"}) {
            assertTrue(t, MessageType.isValid(t));
        }
    }

    @Test
    public void refusesEmptyComponentsWildcardsAndOtherCharacters() {
        for (String t : new String[] {"", ".", "log.", ".log", "log..info", "*", "pub.*", "log info", "log/info",
                "lög.info", "log:info", "log\tinfo", " log"}) {
            assertFalse("'" + t + "'", MessageType.isValid(t));
        }
    }

    @Test
    public void refusesNull() {
        assertFalse(MessageType.isValid(null));
        assertFalse(MessageType.isValidPattern(null));
    }

    @Test
    public void refusesTrailingNewlineUnlikeTheOriginal() {
        // Reference §1.3 / bug 7: Python's $ lets "log.info\n" through; the Java port must not.
        assertFalse(MessageType.isValid("log.info\n"));
        assertFalse(MessageType.isValid("log.info\r\n"));
        assertFalse(MessageType.isValid("\nlog.info"));
    }

    @Test
    public void limitsTheLength() {
        String max = "a".repeat(MessageType.MAX_LENGTH);
        assertTrue(MessageType.isValid(max));
        assertFalse(MessageType.isValid(max + "a"));
    }

    @Test
    public void patternIsStarOrAValidType() {
        assertTrue(MessageType.isValidPattern("*"));
        assertTrue(MessageType.isValidPattern("pub.infofile"));
        assertFalse(MessageType.isValidPattern("pub.*"));
        assertFalse(MessageType.isValidPattern("**"));
        assertFalse(MessageType.isValidPattern(""));
        assertFalse(MessageType.isValidPattern("log."));
    }

    @Test
    public void starMatchesEverything() {
        assertTrue(MessageType.matches("*", "log"));
        assertTrue(MessageType.matches("*", "pub.infofile.confdb"));
    }

    @Test
    public void matchesWholeComponentsOnly() {
        assertTrue(MessageType.matches("pub", "pub"));
        assertTrue(MessageType.matches("pub", "pub.infofile"));
        assertTrue(MessageType.matches("pub.infofile", "pub.infofile.confdb"));
        assertFalse(MessageType.matches("pub", "public.x"));
        assertFalse(MessageType.matches("pub", "publ"));
        assertFalse(MessageType.matches("pub.infofile", "pub"));
        assertFalse(MessageType.matches("pub.info", "pub.infofile"));
        assertFalse(MessageType.matches("log", "Log.info")); // case-sensitive, as CC
    }
}
