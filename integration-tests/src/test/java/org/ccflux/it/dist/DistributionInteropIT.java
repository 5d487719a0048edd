package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Interop tests against the assembled distribution, started through bin/ccflux, with an independent CC peer
 * (src/test/python/cc_interop.py on pyzmq/libzmq).
 *
 * <p>Only {@link #malformedMessagesAreCountedDroppedAndSurvived()} sends invalid messages, so the server's
 * cumulative {@code count.invalid} is exactly what that test sent whatever order JUnit picks.
 */
public class DistributionInteropIT {

    /** The pyenv "python3" on PATH has no zmq; the system interpreter has python3-zmq. */
    private static final String PYTHON = System.getProperty("ccflux.python", "/usr/bin/python3");
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MALFORMED_SENT = 1000;
    private static final String HELLO_JAR = "hello-handler.jar";
    private static final String HELLO_CFG = "com.example.hello-main.cfg";

    private static RunningDistribution server;

    @BeforeClass
    public static void startServer() {
        // Fail fast and clearly instead of letting every peer run (and the deploy polls) fail one by one.
        Cmd.Result zmq = Cmd.run(Path.of("."), env -> { }, PEER_TIMEOUT, List.of(PYTHON, "-c", "import zmq"));
        assertEquals("pyzmq is required for the interop peer: " + zmq, 0, zmq.exitCode());
        server = RunningDistribution.start(DistributionInteropIT.class.getSimpleName());
    }

    @AfterClass
    public static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void echoRoundTrip() {
        assertPeer("echo");
    }

    @Test
    public void requestIdFramesComeBackInOrder() {
        assertPeer("request-ids");
    }

    @Test
    public void malformedMessagesAreCountedDroppedAndSurvived() {
        assertEquals("count.invalid before the malformed run (another test sent invalid messages?)" + info(),
                "0", invalidTotal());

        assertPeer("malformed");

        server.await("[total] count.invalid: " + MALFORMED_SENT + " in the infofile", STATS_TIMEOUT,
                DistributionInteropIT::invalidTotal, String.valueOf(MALFORMED_SENT)::equals);
        server.await("a StatsReporter line with count.invalid in log/ccflux.log", STATS_TIMEOUT,
                server::logText, log -> log.lines().anyMatch(line ->
                        line.contains("StatsReporter: {") && line.contains("count.invalid: ")));
        assertPeer("echo");
    }

    @Test
    public void ccsendFromTheDistributionExitsZeroWhenAnsweredAndOneWhenNot() {
        Cmd.Result answered = ccsend("-w", "--sample", "echo");
        assertEquals("ccsend echo: " + answered, 0, answered.exitCode());
        assertTrue(answered.output(), answered.output().startsWith("echo.response {"));

        Cmd.Result unanswered = ccsend("-w", "-t", "1", "nobody.listens", "{}");
        assertEquals("ccsend to an unrouted type: " + unanswered, 1, unanswered.exitCode());
        assertTrue(unanswered.output(), unanswered.output().contains("no reply to nobody.listens"));

        Cmd.Result sent = ccsend("-q", "log.info", "{\"log_msg\": \"from ccsend\", \"log_level\": \"INFO\"}");
        assertEquals("ccsend log.info: " + sent, 0, sent.exitCode());
        server.await("the record in the server log", STATS_TIMEOUT, server::logText, log -> log.contains("from ccsend"));
    }

    @Test
    public void controlScriptSeesTheRunningServer() {
        Cmd.Result status = server.ctl("status");
        assertEquals("status while running: " + status, 0, status.exitCode());

        Cmd.Result second = server.ctl("start");
        assertEquals("a second start must refuse: " + second, 1, second.exitCode());
        assertTrue("refusal message: " + second, second.output().contains("another process running"));

        assertEquals("still running after the refused start", 0, server.ctl("status").exitCode());
        assertPeer("echo");
    }

    @Test
    public void hotDeployedHandlerFollowsConfigurationAndUndeploy() throws Exception {
        Path helloJar = Path.of(System.getProperty("ccflux.hello.jar", "hello-handler.jar (ccflux.hello.jar unset)"));
        assertTrue("example handler jar missing (build examples/handler-hello): " + helloJar,
                Files.isRegularFile(helloJar));
        try {
            server.deployText(HELLO_CFG, "greeting = Hi\n");
            server.deploy(helloJar, HELLO_JAR);
            awaitGreeting("Hi, ccflux");

            server.deployText(HELLO_CFG, "greeting = Bonjour\n");
            awaitGreeting("Bonjour, ccflux");

            server.undeploy(HELLO_JAR);
            server.await("hello.world unanswered after the jar was removed", DEPLOY_TIMEOUT,
                    () -> peer("hello-none"), result -> result.exitCode() == 0);
            assertPeer("echo");
        } finally {
            server.undeploy(HELLO_JAR);
            server.undeploy(HELLO_CFG);
        }
    }

    @Test
    public void stopEndsTheServerAndReleasesThePort() {
        // A server of its own: stopping the shared one would end the other tests.
        try (RunningDistribution victim = RunningDistribution.start(getClass().getSimpleName() + "-stop")) {
            assertTrue("port in use while running", victim.portInUse());

            Cmd.Result stop = victim.stop();
            assertEquals("bin/ccflux stop: " + stop + victim.diagnostics(), 0, stop.exitCode());

            Cmd.Result status = victim.ctl("status");
            assertEquals("status after stop: " + status, 3, status.exitCode());
            assertFalse("port " + victim.port() + " still in use after stop" + victim.diagnostics(),
                    victim.portInUse());
        }
    }

    private static void awaitGreeting(String greeting) {
        server.await("hello reply '" + greeting + "'", DEPLOY_TIMEOUT, () -> peer("hello"),
                result -> result.exitCode() == 0 && result.output().contains("greeting=" + greeting));
    }

    private static String invalidTotal() {
        return server.infoSection("total").getOrDefault("count.invalid", "0");
    }

    private static String info() {
        return "\n--- infofile ---\n" + server.infoFileText();
    }

    /** Runs one case of cc_interop.py against the shared server. */
    private static Cmd.Result peer(String testCase) {
        Path dir = Path.of(System.getProperty("ccflux.python.dir", "src/test/python"));
        return Cmd.run(dir, env -> { }, PEER_TIMEOUT,
                List.of(PYTHON, dir.resolve("cc_interop.py").toString(), testCase, server.endpoint()));
    }

    private static Cmd.Result ccsend(String... args) {
        List<String> command = new ArrayList<>(List.of(server.home().resolve("bin/ccsend").toString(), "-c", server.endpoint()));
        command.addAll(List.of(args));
        return Cmd.run(server.home(), env -> { }, PEER_TIMEOUT, command);
    }

    private static void assertPeer(String testCase) {
        Cmd.Result result = peer(testCase);
        assertEquals("python peer: " + result + server.diagnostics(), 0, result.exitCode());
    }
}
