package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

/** Defaults, the .cfg string forms and equality of a handler instance's configuration. */
public class DbConfigTest {
    @Test
    public void defaults() {
        DbConfig c = DbConfig.parse(Map.of("db", "host=h user=u"), "confdb");
        assertEquals(10, c.workerThreads);
        assertEquals(100, c.queueSize);
        assertEquals(10_000, c.maxRows);
        assertTrue(c.errorReplies);
        assertTrue("CC: empty allows nothing", c.allowed.none());
        assertEquals("ccflux-db-confdb", c.db.properties().getProperty("ApplicationName"));
    }

    @Test
    public void cfgStringsAndTypedValuesBothWork() {
        DbConfig strings = DbConfig.parse(Map.of("db", "host=h user=u", "worker-threads", "3", "queue-size", "0",
                "allowed-functions", "a, cc.b", "max-rows", "0", "error-replies", "no"), "x");
        DbConfig typed = DbConfig.parse(Map.of("db", "host=h user=u", "worker-threads", 3, "queue-size", 0,
                "allowed-functions", new String[] {"a", "cc.b"}, "max-rows", 0, "error-replies", false), "x");
        assertEquals(strings, typed);
        assertEquals(3, typed.workerThreads);
        assertFalse(typed.errorReplies);
        assertNotEquals(strings, DbConfig.parse(Map.of("db", "host=h user=u", "worker-threads", "3"), "x"));
    }

    @Test
    public void theLogFormMasksThePassword() {
        String s = DbConfig.parse(Map.of("db", "host=h user=u password=hunter2"), "x").toString();
        assertFalse(s, s.contains("hunter2"));
        assertTrue(s, s.startsWith("db=[jdbc:postgresql://h:5432/u "));
    }
}
