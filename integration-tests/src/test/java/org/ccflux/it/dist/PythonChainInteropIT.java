package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * libzmq at both ends of a two-hop ccflux chain: a pyzmq client → server A (proxy) → server B (proxy) →
 * a pyzmq sink. The sink must receive body, signature and blob byte for byte (src/test/python/cc_chain_peer.py).
 */
public class PythonChainInteropIT {
    private static final String PYTHON = System.getProperty("ccflux.python", "/usr/bin/python3");
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Below B's proxy HWM (100): the sink binds only when the peer script starts, so until B's proxy has
     * reconnected its messages wait in ZeroMQ, and beyond the HWM they would be dropped (and counted).
     */
    private static final int MESSAGES = 50;

    @Test
    public void aPythonClientAndAPythonSinkTalkThroughTwoProxies() {
        int sinkPort = RunningDistribution.freePort();
        int bPort = RunningDistribution.freePort();
        try (RunningDistribution b = start("B", bPort, sinkPort);
                RunningDistribution a = start("A", RunningDistribution.freePort(), bPort)) {
            Path dir = Path.of(System.getProperty("ccflux.python.dir", "src/test/python"));
            Cmd.Result peer = Cmd.run(dir, env -> { }, PEER_TIMEOUT,
                    List.of(PYTHON, dir.resolve("cc_chain_peer.py").toString(), String.valueOf(sinkPort), a.endpoint(), String.valueOf(MESSAGES)));
            assertEquals("python peers: " + peer + a.diagnostics() + b.diagnostics(), 0, peer.exitCode());
            assertTrue(peer.output(), peer.output().contains("through 3 route frames"));
        }
    }

    private static RunningDistribution start(String name, int port, int remotePort) {
        return RunningDistribution.start(PythonChainInteropIT.class.getSimpleName() + "-" + name, port, "local", Map.of(
                "org.ccflux.handler.echo-echo.cfg", "routes = echo\n",
                "org.ccflux.handler.proxy-next.cfg", "routes = log\nremote-cc = tcp://127.0.0.1:" + remotePort + "\n"));
    }
}
