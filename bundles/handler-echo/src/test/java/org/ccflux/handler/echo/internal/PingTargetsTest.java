package org.ccflux.handler.echo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** {@code ping-remotes}: a comma-separated list (or array) of tcp:// endpoints. */
public class PingTargetsTest {

    private static List<String> parse(Object value) {
        return PingTargets.parse(Map.of(PingTargets.PROPERTY, value));
    }

    @Test
    public void absentOrEmptyMeansNoPinging() {
        assertEquals(List.of(), PingTargets.parse(Map.of()));
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("\"\""));
        assertEquals(List.of(), parse(" , "));
        assertEquals(List.of(), parse(new String[0]));
    }

    @Test
    public void parsesACommaSeparatedList() {
        assertEquals(List.of("tcp://127.0.0.1:10000", "tcp://cc-central.example.com:10001"),
                parse(" tcp://127.0.0.1:10000 , tcp://cc-central.example.com:10001 "));
    }

    @Test
    public void parsesAnArrayWhoseElementsMayBeListsThemselves() {
        assertEquals(List.of("tcp://a:1", "tcp://b:2", "tcp://[::1]:3"), parse(new String[] {"tcp://a:1, tcp://b:2", "tcp://[::1]:3"}));
    }

    @Test(expected = UnsupportedOperationException.class)
    public void theResultIsImmutable() {
        parse("tcp://a:1").add("tcp://b:2");
    }

    @Test
    public void anInvalidEndpointIsRefusedNamingPingRemotes() {
        for (String bad : new String[] {"ipc:///tmp/cc", "127.0.0.1:10000", "tcp://host", "tcp://host:port", "tcp://a:1/x",
                "tcp://a b:1"}) {
            try {
                List<String> out = parse("tcp://ok:1, " + bad);
                fail("accepted " + out);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("ping-remotes"));
                assertTrue(e.getMessage(), e.getMessage().contains(bad.trim()));
            }
        }
    }
}
