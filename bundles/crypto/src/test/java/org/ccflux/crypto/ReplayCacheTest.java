package org.ccflux.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import org.ccflux.crypto.internal.ReplayCache;
import org.junit.Test;

public class ReplayCacheTest {

    private static ReplayCache.Key key(int i) {
        return ReplayCache.key(ByteBuffer.allocate(4).putInt(i).array());
    }

    @Test
    public void remembersUntilExpiry() {
        ReplayCache c = new ReplayCache(100);
        assertTrue(c.record(key(1), 1_000, 0));
        assertTrue(c.seen(key(1), 500));
        assertFalse(c.record(key(1), 1_500, 500));
        assertFalse(c.seen(key(2), 500));
        assertFalse(c.seen(key(1), 1_001));
        assertTrue("an expired entry may be recorded again", c.record(key(1), 3_000, 1_001));
        assertEquals(1, c.size());
    }

    @Test
    public void expiredEntriesAreSwept() {
        ReplayCache c = new ReplayCache(1000);
        for (int i = 0; i < 100; i++) {
            c.record(key(i), 1_000, 0);
        }
        assertEquals(100, c.size());
        c.record(key(1000), 5_000, 2_000);
        assertEquals(1, c.size());
        assertEquals(0, c.evictions());
    }

    @Test
    public void boundedByCapacityOldestFirst() {
        ReplayCache c = new ReplayCache(10);
        for (int i = 0; i < 25; i++) {
            assertTrue(c.record(key(i), 1_000_000, 0));
        }
        assertEquals(10, c.size());
        assertEquals(15, c.evictions());
        assertFalse("oldest forgotten", c.seen(key(0), 1));
        assertTrue("newest kept", c.seen(key(24), 1));
    }
}
