package org.ccflux.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.CurveSetup;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.CurveOptions;
import org.ccflux.crypto.Keystore;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.OpenResult;
import org.ccflux.crypto.internal.tool.KeysTool;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The client's cms-* and curve-* options against a raw ROUTER that plays the server: requests go out signed,
 * signed replies are accepted with their signer, an unsigned reply fails its request, and a CURVE connection
 * reaches a CURVE server. Keys are made by {@code ccflux keys}.
 */
public class ClientSecurityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static Path keys;

    private final ZContext zmq = new ZContext(1);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void makeKeys() throws Exception {
        keys = Files.createTempDirectory("ccflux-client-keys");
        keys.toFile().deleteOnExit();
        for (String[] args : new String[][] {{"ca", "ca"}, {"issue", "alice", "--ca", "ca"}, {"issue", "server", "--ca", "ca"},
                {"curve", "server"}}) {
            List<String> all = new ArrayList<>(List.of("--dir", keys.toString()));
            all.addAll(List.of(args));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new KeysTool(new PrintStream(new ByteArrayOutputStream())).run(all.toArray(new String[0]), new PrintStream(err));
            assertEquals(err.toString(), 0, exit);
        }
    }

    @After
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zmq.close();
    }

    private static CryptoOptions crypto(String... kv) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("cms-keystore", keys.toString()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return CryptoOptions.parse(m);
    }

    private ZMQ.Socket router(CurveOptions curve, int port) {
        ZMQ.Socket s = zmq.createSocket(SocketType.ROUTER);
        ZmqDefaults.apply(s);
        CurveSetup.apply(s, curve);
        s.setLinger(0);
        s.setReceiveTimeOut((int) TIMEOUT.toMillis());
        s.bind("tcp://127.0.0.1:" + port);
        return s;
    }

    private CcClient client(int port, ClientOptions options) {
        CcClient c = CcClient.connect("tcp://127.0.0.1:" + port, options.withLingerMillis(0));
        open.add(c);
        return c;
    }

    /** @return the next request at the router, as the server decodes it (peer identity first) */
    private static CcMessage take(ZMQ.Socket router) throws Exception {
        byte[] first = router.recv();
        assertNotNull("no request arrived", first);
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (router.hasReceiveMore()) {
            frames.add(router.recv());
        }
        return CcMessage.decode(frames);
    }

    private static void answer(ZMQ.Socket router, CcMessage reply) {
        List<byte[]> frames = reply.frames();
        for (int i = 0; i < frames.size(); i++) {
            router.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    @Test
    public void requestsGoOutSignedAndOnlyVerifiedRepliesAreAccepted() throws Exception {
        int port = ClientTestSupport.freePort();
        ZMQ.Socket router = router(CurveOptions.none(), port);
        CcClient client = client(port, ClientOptions.defaults().withCrypto(crypto("cms-sign", "alice", "cms-verify-ca", "ca")));
        MessageOpener serverSide = MessageOpener.create(crypto("cms-verify-ca", "ca"));
        MessageSealer serverSealer = MessageSealer.create(crypto("cms-sign", "server"));

        CompletableFuture<CcMessage> first = client.request("echo.request", CcJson.header("echo.request").put("target", "x"), TIMEOUT);
        CcMessage request = take(router);
        OpenResult opened = serverSide.open(request);
        assertTrue("the server verifies the client's signature: " + opened, opened.isAccepted());
        assertEquals("alice", ((OpenResult.Accepted) opened).signer().commonName());
        answer(router, serverSealer.seal(request.route(), "echo.response", CcJson.header("echo.response"), null));
        CcMessage reply = first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(reply.signer().orElseThrow().contains("CN=server"));

        CompletableFuture<CcMessage> second = client.request("echo.request", null, TIMEOUT);
        CcMessage again = take(router);
        answer(router, MessageSealer.create(CryptoOptions.none()).seal(again.route(), "echo.response",
                CcJson.header("echo.response"), null));
        try {
            second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fail("an unsigned reply must not be accepted");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), e.getCause() instanceof SecurityException);
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("unsigned"));
        }
        assertEquals(1, client.rejected());
    }

    @Test
    public void encryptedRequestsCarryEnc1AndTheServerDecryptsThem() throws Exception {
        int port = ClientTestSupport.freePort();
        ZMQ.Socket router = router(CurveOptions.none(), port);
        CcClient client = client(port, ClientOptions.defaults().withCrypto(crypto("cms-sign", "alice", "cms-encrypt", "server")));
        assertTrue(client.send("log.info", CcJson.header("log.info").put("msg", "secret")));
        CcMessage request = take(router);
        assertEquals("ENC1", new String(request.body(), java.nio.charset.StandardCharsets.US_ASCII));
        OpenResult opened = MessageOpener.create(crypto("cms-verify-ca", "ca", "cms-decrypt", "server")).open(request);
        assertTrue(opened.toString(), opened.isAccepted());
        assertEquals("secret", ((OpenResult.Accepted) opened).json().path("msg").asText());
    }

    @Test
    public void aCurveClientReachesACurveServer() throws Exception {
        int port = ClientTestSupport.freePort();
        ZMQ.Socket router = router(CurveOptions.parse(Map.of("curve-keystore", keys.toString(), "curve-key", "server")), port);
        CcClient client = client(port, ClientOptions.defaults().withCurve(
                CurveOptions.client(Keystore.open(keys).curvePublicKey("server"), null)));
        CompletableFuture<CcMessage> f = client.request("echo.request", null, TIMEOUT);
        CcMessage request = take(router);
        answer(router, CcClient.message("echo.response", null, null).withRoute(request.route()));
        assertEquals("echo.response", f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).type());
    }
}
