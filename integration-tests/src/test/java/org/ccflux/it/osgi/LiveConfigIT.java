package org.ccflux.it.osgi;

import static org.junit.Assert.assertEquals;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.ccflux.api.CcSender;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** .cfg files added, changed and deleted apply without a restart; invalid ones are refused and the old config serves on. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveConfigIT {
    private static final String EXTRA = "org.ccflux.handler.echo-extra.cfg";
    private static final String SERVER = "org.ccflux.server.cfg";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private CcSender sender; // waits until the server is up

    @Configuration
    public Option[] config() {
        return CcfluxOptions.distribution("LiveConfigIT");
    }

    @Test
    public void handlerCfgAddChangeDeleteApplyLive() {
        WatchDir watch = new WatchDir();
        try (TestClient client = new TestClient(port())) {
            awaitEchoReplies(client, 1);
            watch.write(EXTRA, "routes = echo\n");
            awaitEchoReplies(client, 2);
            watch.write(EXTRA, "routes = other, more\n");
            awaitEchoReplies(client, 1);
            watch.write(EXTRA, "routes = echo.request\n");
            awaitEchoReplies(client, 2);
            watch.delete(EXTRA);
            awaitEchoReplies(client, 1);
        }
    }

    @Test
    public void invalidHandlerRoutesAreRefusedAndTheOldRoutesServe() throws Exception {
        WatchDir watch = new WatchDir();
        try (TestClient client = new TestClient(port())) {
            watch.write(EXTRA, "routes = echo\n");
            awaitEchoReplies(client, 2);
            watch.write(EXTRA, "routes = bad..prefix\n");
            awaitConfig("(service.factoryPid=org.ccflux.handler.echo)", "routes", "bad..prefix");
            for (int i = 0; i < 5; i++) {
                assertEquals("replies while the invalid routes are in Config Admin", 2, client.request("echo.request", "", 500).size());
            }
            watch.delete(EXTRA);
            awaitEchoReplies(client, 1);
        }
    }

    @Test
    public void serverCfgChangesRebindAndInvalidOnesAreRefused() throws Exception {
        WatchDir watch = new WatchDir();
        int oldPort = port();
        int newPort = CcfluxOptions.freePort();
        watch.write(SERVER, serverCfg(newPort, Map.of()));
        try (TestClient moved = new TestClient(newPort)) {
            awaitEchoReplies(moved, 1);
        }
        try (TestClient old = new TestClient(oldPort)) {
            assertEquals("old port no longer served", 0, old.request("echo.request", "", 500).size());
        }

        // Each of these would also move the socket if it were accepted.
        int unusedPort = CcfluxOptions.freePort();
        for (Map<String, String> invalid : List.of(Map.of("cc-role", "bogus"), Map.of("zmq_hwm", "lots"),
                Map.of("cc-socket", "ipc:///tmp/cc"))) {
            watch.write(SERVER, serverCfg(unusedPort, invalid));
            Map.Entry<String, String> e = invalid.entrySet().iterator().next();
            awaitConfig("(service.pid=org.ccflux.server)", e.getKey(), e.getValue());
            try (TestClient current = new TestClient(newPort)) {
                // Still served on the last valid port. A fresh JeroMQ connection can stall in its handshake for
                // ZMQ_HANDSHAKE_IVL (1 s, a few in a hundred here): retried, not a single one-second window.
                awaitEchoReplies(current, 1);
            }
        }
        watch.write(SERVER, serverCfg(oldPort, Map.of()));
        try (TestClient back = new TestClient(oldPort)) {
            awaitEchoReplies(back, 1);
        }
    }

    private static String serverCfg(int port, Map<String, String> overrides) {
        Map<String, String> cfg = new TreeMap<>(Map.of("cc-socket", "tcp://127.0.0.1:" + port, "cc-role", "local",
                "stats-period", "1"));
        cfg.putAll(overrides);
        StringBuilder text = new StringBuilder();
        cfg.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        return text.toString();
    }

    private static void awaitEchoReplies(TestClient client, int expected) {
        int[] last = {-1};
        Await.until(expected + " echo replies (last " + last[0] + ")", 15_000, () -> {
            last[0] = client.request("echo.request", "", 300).size();
            return last[0] == expected;
        });
    }

    private void awaitConfig(String filter, String key, String value) {
        Await.until("Config Admin holds " + key + "=" + value, 10_000, () -> {
            try {
                org.osgi.service.cm.Configuration[] configs = configAdmin.listConfigurations(filter);
                if (configs == null) {
                    return false;
                }
                for (org.osgi.service.cm.Configuration c : configs) {
                    Dictionary<String, Object> p = c.getProperties();
                    if (p != null && value.equals(String.valueOf(p.get(key)))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static int port() {
        return Integer.getInteger(CcfluxOptions.PORT);
    }
}
