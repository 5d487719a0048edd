package org.ccflux.handler.proxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import org.junit.Test;

public class ProxyConfigTest {

    @Test
    public void remoteIsRequiredAndMustBeATcpEndpoint() {
        assertRefused(Map.of("routes", "log"), "remote-cc is required");
        assertRefused(Map.of("remote-cc", "ipc:///tmp/x"), "remote-cc must be an endpoint like tcp://host:port, was 'ipc:///tmp/x'");
        assertRefused(Map.of("remote-cc", "tcp://host"), "remote-cc must be");
    }

    @Test
    public void pingTakesCcBooleans() {
        assertTrue(ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1", "ping", "yes")).ping);
        assertFalse(ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1")).ping);
        assertRefused(Map.of("remote-cc", "tcp://h:1", "ping", "maybe"), "ping must be one of yes/no");
    }

    @Test
    public void hwmDefaultsToCcsProxyValue() {
        assertEquals(100, ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1")).hwm());
        assertEquals(7, ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1", "zmq_hwm", "7")).hwm());
    }

    @Test
    public void routesAndOtherPropertiesDoNotMakeADifferentConnection() {
        ProxyConfig one = ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1", "routes", "log", "service.pid", "x"));
        ProxyConfig two = ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1", "routes", "log,pub"));
        assertEquals(one, two);
        assertNotEquals(one, ProxyConfig.parse(Map.of("remote-cc", "tcp://h:1", "zmq_hwm", "10")));
        assertNotEquals(one, ProxyConfig.parse(Map.of("remote-cc", "tcp://h:2")));
    }

    private static void assertRefused(Map<String, ?> props, String message) {
        try {
            ProxyConfig.parse(props);
            fail("accepted " + props);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
        }
    }
}
