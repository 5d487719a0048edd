package org.ccflux.core.internal.config;

import static org.ccflux.core.internal.CoreTestSupport.assertMessage;
import static org.ccflux.core.internal.CoreTestSupport.props;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.ccflux.core.internal.security.TestKeys;
import org.junit.Test;

/** The {@code [ccserver]} options of reference §4.2, validated once, failures naming the property. */
public class ServerConfigTest {
    private static final String SOCKET = "tcp://127.0.0.1:10000";

    private static Map<String, Object> base(Object... more) {
        Map<String, Object> m = props(more);
        m.putIfAbsent(ServerConfig.CC_SOCKET, SOCKET);
        return m;
    }

    @Test
    public void defaultsAreCcs() {
        ServerConfig c = new ServerConfig(base());
        assertEquals(SOCKET, c.ccSocket);
        assertEquals(Role.INSECURE, c.role);
        assertTrue(c.roleDefaulted);
        assertEquals(1, c.ccStats);
        assertEquals(30, c.statsPeriodSeconds);
        assertNull(c.infofile);
        assertEquals(2, c.infofileLevel);
        assertEquals(10_000, c.egressQueue);
        SocketOptions s = c.socket;
        assertEquals(1, s.nthreads);
        assertEquals(500, s.lingerMillis);
        assertEquals(100, s.hwm);
        assertEquals(0, s.rcvbuf);
        assertEquals(0, s.sndbuf);
        assertTrue(s.tcpKeepalive);
        assertEquals(15, s.tcpKeepaliveIntvl);
        assertEquals(240, s.tcpKeepaliveIdle);
        assertEquals(4, s.tcpKeepaliveCnt);
        assertEquals(-1, s.maxMsgSize);
    }

    @Test
    public void readsEverySettingFromCfgStrings() {
        ServerConfig c = new ServerConfig(base(ServerConfig.CC_ROLE, " Remote ", ServerConfig.CC_STATS, "2",
                ServerConfig.STATS_PERIOD, "5", ServerConfig.INFOFILE, "/var/run/cc/x.info", ServerConfig.INFOFILE_LEVEL, "3",
                ServerConfig.EGRESS_QUEUE, "50", "zmq_hwm", "7", "zmq_rcvbuf", "64 KB", "zmq_sndbuf", "1M",
                "zmq_tcp_keepalive", "0", "zmq_linger", "0", "zmq_maxmsgsize", "1 MB"));
        assertEquals(Role.REMOTE, c.role);
        assertFalse(c.roleDefaulted);
        assertEquals(2, c.ccStats);
        assertEquals(5, c.statsPeriodSeconds);
        assertEquals(Paths.get("/var/run/cc/x.info"), c.infofile);
        assertEquals(3, c.infofileLevel);
        assertEquals(50, c.egressQueue);
        assertEquals(7, c.socket.hwm);
        assertEquals(65536, c.socket.rcvbuf);
        assertEquals(1 << 20, c.socket.sndbuf);
        assertFalse(c.socket.tcpKeepalive);
        assertEquals(0, c.socket.lingerMillis);
        assertEquals(1 << 20, c.socket.maxMsgSize);
    }

    @Test
    public void acceptsTypedValues() {
        ServerConfig c = new ServerConfig(base(ServerConfig.CC_STATS, 0, ServerConfig.STATS_PERIOD, 60, "zmq_hwm", 1000));
        assertEquals(0, c.ccStats);
        assertEquals(60, c.statsPeriodSeconds);
        assertEquals(1000, c.socket.hwm);
    }

    @Test
    public void ccSocketIsRequired() {
        assertMessage(() -> new ServerConfig(props()), "cc-socket", "required");
        assertMessage(() -> new ServerConfig(props(ServerConfig.CC_SOCKET, "  ")), "cc-socket", "required");
    }

    @Test
    public void ipcIsRefusedWithAReasonNamingTcp() {
        assertMessage(() -> new ServerConfig(props(ServerConfig.CC_SOCKET, "ipc:///tmp/cc.sock")), "cc-socket", "tcp://",
                "ipc://", "'ipc:///tmp/cc.sock'");
    }

    @Test
    public void acceptsTcpEndpoints() {
        for (String ok : new String[] {"tcp://127.0.0.1:10000", "tcp://0.0.0.0:1", "tcp://*:10001", "tcp://cc-host.example:65535",
                "tcp://[::1]:10000"}) {
            assertEquals(ok, new ServerConfig(props(ServerConfig.CC_SOCKET, ok)).ccSocket);
        }
    }

    @Test
    public void malformedEndpointsAreRefusedNamingCcSocket() {
        for (String bad : new String[] {"127.0.0.1:10000", "tcp://127.0.0.1", "tcp://127.0.0.1:", "tcp://127.0.0.1:70000",
                "tcp://127.0.0.1:123456", "udp://127.0.0.1:1", "inproc://x", "tcp://host name:1", "tcp://h:1/x"}) {
            assertMessage(() -> new ServerConfig(props(ServerConfig.CC_SOCKET, bad)), "cc-socket", "tcp://host:port", bad);
        }
    }

    @Test
    public void invalidValuesNameTheirProperty() {
        assertMessage(() -> new ServerConfig(base(ServerConfig.CC_ROLE, "admin")), "cc-role", "local, remote, insecure", "admin");
        assertMessage(() -> new ServerConfig(base(ServerConfig.CC_STATS, "x")), "cc-stats");
        assertMessage(() -> new ServerConfig(base(ServerConfig.CC_STATS, "11")), "cc-stats", "between 0 and 10");
        assertMessage(() -> new ServerConfig(base(ServerConfig.STATS_PERIOD, "0")), "stats-period");
        assertMessage(() -> new ServerConfig(base(ServerConfig.INFOFILE_LEVEL, "-1")), "infofile-level");
        assertMessage(() -> new ServerConfig(base(ServerConfig.EGRESS_QUEUE, "0")), "egress-queue");
        assertMessage(() -> new ServerConfig(base("zmq_hwm", "lots")), "zmq_hwm");
        assertMessage(() -> new ServerConfig(base("zmq_nthreads", "0")), "zmq_nthreads");
        assertMessage(() -> new ServerConfig(base("zmq_linger", "-2")), "zmq_linger");
        assertMessage(() -> new ServerConfig(base("zmq_rcvbuf", "64 KiB")), "zmq_rcvbuf");
        assertMessage(() -> new ServerConfig(base("zmq_sndbuf", "big")), "zmq_sndbuf");
        assertMessage(() -> new ServerConfig(base("zmq_tcp_keepalive", "2")), "zmq_tcp_keepalive");
        assertMessage(() -> new ServerConfig(base("zmq_tcp_keepalive_intvl", "x")), "zmq_tcp_keepalive_intvl");
        assertMessage(() -> new ServerConfig(base("zmq_tcp_keepalive_idle", "x")), "zmq_tcp_keepalive_idle");
        assertMessage(() -> new ServerConfig(base("zmq_tcp_keepalive_cnt", "x")), "zmq_tcp_keepalive_cnt");
        assertMessage(() -> new ServerConfig(base("zmq_maxmsgsize", "x")), "zmq_maxmsgsize");
    }

    @Test
    public void infofileExpandsHomeAndIsAbsolute() {
        ServerConfig c = new ServerConfig(base(ServerConfig.INFOFILE, "~/cc/server.info"));
        assertEquals(Paths.get(System.getProperty("user.home"), "cc", "server.info").toAbsolutePath().normalize(), c.infofile);
        Path rel = new ServerConfig(base(ServerConfig.INFOFILE, "run/../x.info")).infofile;
        assertTrue(rel.isAbsolute());
        assertEquals("x.info", rel.getFileName().toString());
        assertFalse(rel.toString().contains(".."));
        assertNull(new ServerConfig(base(ServerConfig.INFOFILE, "\"\"")).infofile);
    }

    @Test
    public void rebindOnlyForSocketChanges() {
        ServerConfig a = new ServerConfig(base());
        assertFalse(a.needsRebind(new ServerConfig(base(ServerConfig.CC_STATS, "2", ServerConfig.CC_ROLE, "local",
                ServerConfig.STATS_PERIOD, "10", ServerConfig.INFOFILE, "/tmp/x"))));
        assertTrue(a.needsRebind(new ServerConfig(base(ServerConfig.CC_SOCKET, "tcp://127.0.0.1:10001"))));
        assertTrue(a.needsRebind(new ServerConfig(base("zmq_hwm", "101"))));
        assertTrue(a.needsRebind(new ServerConfig(base("zmq_sndbuf", "1K"))));
        assertTrue(a.needsRebind(new ServerConfig(base(ServerConfig.EGRESS_QUEUE, "5"))));
    }

    @Test
    public void socketOptionsEqualityCoversEveryOption() {
        SocketOptions a = new SocketOptions(props(), true);
        assertEquals(a, new SocketOptions(props("zmq_hwm", "100"), true));
        assertEquals(a.hashCode(), new SocketOptions(props("zmq_hwm", 100), true).hashCode());
        for (String option : new String[] {"zmq_nthreads", "zmq_linger", "zmq_hwm", "zmq_tcp_keepalive_intvl",
                "zmq_tcp_keepalive_idle", "zmq_tcp_keepalive_cnt", "zmq_rcvbuf", "zmq_sndbuf", "zmq_maxmsgsize"}) {
            assertNotEquals(option, a, new SocketOptions(props(option, "2"), true));
        }
        assertNotEquals(a, new SocketOptions(props("zmq_tcp_keepalive", "0"), true));
        assertNotEquals(a, "not options");
    }

    @Test
    public void toStringShowsTheEffectiveSettings() {
        String s = new ServerConfig(base(ServerConfig.CC_ROLE, "local", "zmq_hwm", "7")).toString();
        assertTrue(s, s.contains("cc-socket=" + SOCKET));
        assertTrue(s, s.contains("cc-role=local"));
        assertTrue(s, s.contains("zmq_hwm=7"));
        assertTrue(s, s.contains("infofile-level=2"));
    }

    @Test
    public void roleParsesCaseInsensitivelyAndLabelsLowerCase() {
        assertEquals(Role.LOCAL, Role.parse("local"));
        assertEquals(Role.REMOTE, Role.parse(" REMOTE "));
        assertEquals(Role.INSECURE, Role.parse("Insecure"));
        assertEquals("remote", Role.REMOTE.label());
        assertMessage(() -> Role.parse("root"), "cc-role", "'root'");
        assertMessage(() -> Role.parse(""), "cc-role");
    }

    // ---- cms-* (reference §5.2), parsed by the crypto bundle from the same map ----

    private static Map<String, Object> keys(Object... more) {
        Map<String, Object> m = base(more);
        m.put("cms-keystore", TestKeys.dir().toString());
        return m;
    }

    @Test
    public void withoutCmsOptionsNothingIsOpenedOrSigned() {
        ServerConfig c = new ServerConfig(base());
        assertFalse(c.opensMessages());
        assertTrue(c.cryptoProperties.isEmpty());
        assertFalse(c.crypto.sign().isPresent());
        assertFalse("no crypto in the log line", c.toString().contains("cms-"));
    }

    @Test
    public void anyReceivingCheckOpensMessages() {
        assertTrue(new ServerConfig(keys("cms-verify-ca", "ca")).opensMessages());
        assertTrue(new ServerConfig(keys("cms-verify-ca", "ca", "cms-decrypt", "server")).opensMessages());
        assertTrue(new ServerConfig(keys("cms-time-window", "300")).opensMessages());
        assertFalse("signing alone checks nothing", new ServerConfig(keys("cms-sign", "server")).opensMessages());
        assertFalse(new ServerConfig(keys("cms-time-window", "0")).opensMessages());
        String s = new ServerConfig(keys("cms-verify-ca", "ca", "cms-sign", "server")).toString();
        assertTrue(s, s.contains("cms-verify-ca=ca") && s.contains("cms-sign=server"));
    }

    @Test
    public void invalidCmsOptionsAreRefusedNamingTheProperty() {
        assertMessage(() -> new ServerConfig(keys("cms-decrypt", "server")), "cms-decrypt", "cms-verify-ca");
        assertMessage(() -> new ServerConfig(keys("cms-encrypt", "server")), "cms-encrypt", "cms-sign");
        assertMessage(() -> new ServerConfig(keys("cms-sign", "nosuch")), "cms-sign", "nosuch.crt");
        assertMessage(() -> new ServerConfig(keys("cms-verify-ca", "../ca")), "cms-verify-ca");
        assertMessage(() -> new ServerConfig(keys("cms-time-window", "soon")), "cms-time-window");
        assertMessage(() -> new ServerConfig(keys("cms-digest", "md5")), "cms-digest");
        assertMessage(() -> new ServerConfig(keys("cms-allow", "user1 = log")), "cms-allow", "cms-verify-ca");
    }

    @Test
    public void cryptoChangesAreToldApartFromOtherChangesAndNeedNoRebind() {
        ServerConfig a = new ServerConfig(keys("cms-verify-ca", "ca"));
        ServerConfig sameCrypto = new ServerConfig(keys("cms-verify-ca", " ca ", ServerConfig.CC_STATS, "2"));
        ServerConfig otherCa = new ServerConfig(keys("cms-verify-ca", "ca2"));
        assertFalse(a.cryptoChanged(sameCrypto));
        assertTrue(a.cryptoChanged(otherCa));
        assertTrue(a.cryptoChanged(new ServerConfig(base())));
        assertFalse(a.needsRebind(otherCa));
        assertFalse(a.needsRebind(new ServerConfig(base())));
    }
}
