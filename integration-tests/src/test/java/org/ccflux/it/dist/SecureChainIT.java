package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.Keystore;
import org.ccflux.crypto.MessageSealer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Keys from {@code bin/ccflux keys}, signatures across a two-hop proxy chain, and CurveZMQ on the last hop, with the
 * shipped distribution:
 *
 * <pre>
 * ccsend (signs as alice, verifies replies) → source (proxy) → gateway (proxy, CURVE client) ⇒ dest (CURVE server,
 * cms-verify-ca = ca, cms-sign = dest, echo)
 * </pre>
 *
 * The proxies neither verify nor strip signatures (CC §5.2): dest verifies what alice signed two hops away, and
 * ccsend verifies dest's signed answer that came back the same way. A libzmq client (pyzmq) reaches dest over CURVE;
 * a plain one does not.
 */
public class SecureChainIT {
    private static final String PYTHON = System.getProperty("ccflux.python", "/usr/bin/python3");
    private static final Duration CMD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static Path keys;
    private static RunningDistribution dest;
    private static RunningDistribution gateway;
    private static RunningDistribution source;

    @BeforeClass
    public static void start() throws Exception {
        Path work = Path.of(System.getProperty("ccflux.work.dir")).resolve(SecureChainIT.class.getSimpleName() + "-keys");
        keys = work.resolve("keys");
        RunningDistribution.deleteTree(work);
        Files.createDirectories(keys);
        keys("ca", "ca", "--subject", "/CN=Chain CA/O=ccflux it");
        keys("issue", "alice", "--ca", "ca");
        keys("issue", "dest", "--ca", "ca", "--subject", "/CN=dest.example.org");
        keys("curve", "dest");

        int destPort = RunningDistribution.freePort();
        int gatewayPort = RunningDistribution.freePort();
        int sourcePort = RunningDistribution.freePort();
        dest = RunningDistribution.start("chain-dest", destPort, "remote", null, List.of("cms-keystore = " + keys,
                "cms-verify-ca = ca", "cms-sign = dest", "curve-keystore = " + keys, "curve-key = dest"));
        CompletableFuture<RunningDistribution> g = CompletableFuture.supplyAsync(() -> RunningDistribution.start("chain-gateway",
                gatewayPort, "remote", Map.of("org.ccflux.handler.proxy-echo.cfg", "routes = echo\nremote-cc = " + dest.endpoint()
                        + "\ncurve-keystore = " + keys + "\ncurve-server-key = dest\n")));
        CompletableFuture<RunningDistribution> s = CompletableFuture.supplyAsync(() -> RunningDistribution.start("chain-source",
                sourcePort, "local", Map.of("org.ccflux.handler.proxy-echo.cfg", "routes = echo\nremote-cc = tcp://127.0.0.1:"
                        + gatewayPort + "\n")));
        try {
            gateway = g.join();
            source = s.join();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterClass
    public static void stop() {
        for (RunningDistribution d : new RunningDistribution[] {source, gateway, dest}) {
            if (d != null) {
                d.close();
            }
        }
        source = gateway = dest = null;
    }

    @Test
    public void keysFromTheToolAreListedWithFingerprints() {
        Cmd.Result list = keys("list");
        assertTrue(list.toString(), list.output().contains("alice  subject: CN=alice  issuer: CN=Chain CA,O=ccflux it"));
        assertTrue(list.toString(), list.output().contains("SHA256 Fingerprint="));
        assertTrue(list.toString(), list.output().contains("dest  CurveZMQ public key "));
    }

    @Test
    public void aSignedRequestCrossesTwoProxiesAndTheSignedAnswerComesBackVerified() {
        Cmd.Result answered = ccsend("-w", "-t", "10", "-o", "cms-keystore=" + keys, "-o", "cms-sign=alice",
                "-o", "cms-verify-ca=ca", "--sample", "echo");
        assertEquals("signed echo through source → gateway ⇒ dest: " + answered + diagnostics(), 0, answered.exitCode());
        assertTrue(answered.output(), answered.output().startsWith("echo.response "));

        Cmd.Result unsigned = ccsend("-w", "-t", "2", "--sample", "echo");
        assertEquals("an unsigned request is refused at dest, two hops away: " + unsigned, 1, unsigned.exitCode());
        dest.await("dest counts the unsigned one", TIMEOUT, () -> dest.infoSection("total"),
                t -> "1".equals(t.get("count.rejected.unsigned")));

        Cmd.Result strict = ccsend("-w", "-t", "10", "-o", "cms-keystore=" + keys, "-o", "cms-sign=alice",
                "-o", "cms-verify-ca=nosuch", "--sample", "echo");
        assertEquals("a missing CA is a usage error naming the option: " + strict, 2, strict.exitCode());
        assertTrue(strict.output(), strict.output().contains("cms-verify-ca"));
    }

    @Test
    public void libzmqReachesTheCurveServerOnlyWithItsKey() throws IOException {
        CcMessage signed = MessageSealer.create(CryptoOptions.parse(Map.of("cms-keystore", keys.toString(), "cms-sign", "alice")))
                .seal("echo.request", CcJson.header("echo.request").put("target", "curve"), null);
        Path body = Files.write(keys.getParent().resolve("curve-body.json"), signed.body());
        Path sig = Files.write(keys.getParent().resolve("curve-body.sig"), signed.signature());
        String serverKey = Keystore.open(keys).curvePublicKey("dest").publicText();

        Cmd.Result curved = python(dest.endpoint(), serverKey, body, sig, "10000");
        assertEquals("pyzmq over CURVE: " + curved + dest.diagnostics(), 0, curved.exitCode());
        assertTrue(curved.output(), curved.output().contains("echo.response"));

        Cmd.Result plain = python(dest.endpoint(), "-", body, sig, "2000");
        assertEquals("a plain libzmq connection is not served: " + plain, 1, plain.exitCode());
    }

    // ---- tools ----

    private static Cmd.Result keys(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("ccflux.dist.dir")).resolve("bin/ccflux").toString(),
                "keys", "--dir", keys.toString()));
        command.addAll(List.of(args));
        Cmd.Result r = Cmd.run(keys, env -> { }, CMD_TIMEOUT, command);
        assertEquals(r.toString(), 0, r.exitCode());
        return r;
    }

    private static Cmd.Result ccsend(String... args) {
        List<String> command = new ArrayList<>(List.of(source.home().resolve("bin/ccsend").toString(), "-c", source.endpoint()));
        command.addAll(List.of(args));
        return Cmd.run(source.home(), env -> { }, CMD_TIMEOUT, command);
    }

    private static Cmd.Result python(String endpoint, String serverKey, Path body, Path sig, String waitMs) {
        Path dir = Path.of(System.getProperty("ccflux.python.dir", "src/test/python"));
        return Cmd.run(dir, env -> { }, CMD_TIMEOUT, List.of(PYTHON, dir.resolve("curve_echo.py").toString(), endpoint, serverKey,
                body.toString(), sig.toString(), waitMs));
    }

    private static String diagnostics() {
        return source.diagnostics() + gateway.diagnostics() + dest.diagnostics();
    }
}
