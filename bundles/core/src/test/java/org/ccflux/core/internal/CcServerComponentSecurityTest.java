package org.ccflux.core.internal;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.captureStderr;
import static org.ccflux.core.internal.CoreTestSupport.freePort;
import static org.ccflux.core.internal.CoreTestSupport.threadsNamed;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.CurveSetup;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.core.internal.security.TestKeys;
import org.ccflux.crypto.CurveKeys;
import org.ccflux.crypto.CurveOptions;
import org.ccflux.crypto.Keystore;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.OpenResult;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The server component with {@code cms-*} options, over a real socket and real keys: verification before dispatch,
 * signed replies, {@link CcServerComponent#create}, refused configurations, live changes, and the crypto threads
 * stopping with the component.
 */
public class CcServerComponentSecurityTest {
    private static final int RECEIVE_MS = 5000;

    private final int port = freePort();
    private final List<CcMessage> handled = new CopyOnWriteArrayList<>();
    private final List<String> handlerThreads = new CopyOnWriteArrayList<>();
    private final AtomicReference<CcServerComponent> server = new AtomicReference<>();
    /** The test handler replies with {@code CcSender.reply(request, type, jsonBytes)} instead of a tree. */
    private volatile boolean repliesAsBytes;
    private Path infofile;
    private ZContext zmq;
    private ZMQ.Socket client;

    @Before
    public void client() throws Exception {
        infofile = Files.createTempFile("ccflux-security", ".info");
        zmq = new ZContext(1);
        client = zmq.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(client);
        client.setReceiveTimeOut(RECEIVE_MS);
        client.setLinger(0);
        client.connect("tcp://127.0.0.1:" + port);
    }

    @After
    public void stop() throws Exception {
        CcServerComponent s = server.getAndSet(null);
        if (s != null) {
            s.deactivate();
        }
        zmq.close();
        Files.deleteIfExists(infofile);
    }

    // ---- fixtures ----

    private Map<String, Object> config(String... cms) {
        Map<String, Object> p = new LinkedHashMap<>(TestKeys.options(cms));
        p.put("cc-socket", "tcp://127.0.0.1:" + port);
        p.put("cc-role", "local");
        p.put("stats-period", "1");
        p.put("infofile", infofile.toString());
        p.put("zmq_linger", "0");
        return p;
    }

    /** Starts the server with an inline echo-like handler on {@code test}: answers {@code test.reply}. */
    private CcServerComponent start(Map<String, Object> config) {
        MessageHandler handler = m -> {
            handlerThreads.add(Thread.currentThread().getName());
            handled.add(m);
            ObjectNode reply = CcJson.header("test.reply").put("marker", m.json().path("marker").asText());
            if (repliesAsBytes) {
                server.get().reply(m, "test.reply", CcJson.toBytes(reply));
            } else {
                server.get().reply(m, reply);
            }
        };
        CcServerComponent s = new CcServerComponent(context(handler), config);
        server.set(s);
        s.bindHandler(reference(Map.of("service.id", 1L, "routes", "test", "handler.execution", "inline",
                "handler.name", "tester")));
        return s;
    }

    private static BundleContext context(MessageHandler handler) {
        return (BundleContext) Proxy.newProxyInstance(CcServerComponentSecurityTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getService" -> handler;
                    case "ungetService" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<MessageHandler> reference(Map<String, Object> properties) {
        return (ServiceReference<MessageHandler>) Proxy.newProxyInstance(CcServerComponentSecurityTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getPropertyKeys" -> properties.keySet().toArray(new String[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static MessageSealer sealer(String... cms) {
        return MessageSealer.create(TestKeys.crypto(cms));
    }

    private void send(CcMessage m) {
        List<byte[]> frames = m.frames();
        for (int i = 0; i < frames.size(); i++) {
            client.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private void send(MessageSealer sealer, String marker) {
        send(sealer.seal("test.request", CcJson.header("test.request").put("marker", marker), null));
    }

    /** @return the next message for the client, or null if none comes within {@code millis} */
    private CcMessage receive(int millis) {
        client.setReceiveTimeOut(millis);
        byte[] first = client.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (client.hasReceiveMore()) {
            frames.add(client.recv());
        }
        try {
            return CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a marked, {@code sealer}-signed request and returns the verified reply's marker; fails without reply. */
    private String roundTrip(MessageSealer sealer, String marker, MessageOpener replyOpener) {
        send(sealer, marker);
        CcMessage reply = receive(RECEIVE_MS);
        assertNotNull("no reply to " + marker, reply);
        OpenResult r = replyOpener.open(reply);
        assertTrue("reply refused: " + r, r.isAccepted());
        return ((OpenResult.Accepted) r).json().path("marker").asText();
    }

    private String info() {
        try {
            return Files.readString(infofile);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void awaitCounter(String line) {
        await("info file shows " + line, () -> info().contains("\n" + line + "\n"));
    }

    // ---- tests ----

    @Test
    public void signedRequestsAreVerifiedBeforeDispatchAndAnsweredSigned() {
        start(config("cms-verify-ca", "ca", "cms-sign", "server"));
        MessageOpener verifyReplies = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca"));

        send(sealer(), "unsigned");
        assertNull("an unsigned request is not answered", receive(300));
        assertEquals("m1", roundTrip(sealer("cms-sign", "user1"), "m1", verifyReplies));

        assertEquals("only the signed one reached the handler", 1, handled.size());
        assertTrue(handled.get(0).signer().orElseThrow().contains("CN=user1"));
        assertEquals("inline handlers still run on the socket thread", List.of("ccflux-socket"), handlerThreads);
        OpenResult reply = verifyReplies.open(receiveAnother("m2"));
        assertTrue(((OpenResult.Accepted) reply).signer().subject().contains("CN=Host 1"));
        awaitCounter("count.rejected.unsigned: 1");
        assertTrue(info(), info().contains("\ncount.rejected: 1\n"));
    }

    private CcMessage receiveAnother(String marker) {
        send(sealer("cms-sign", "user1"), marker);
        CcMessage m = receive(RECEIVE_MS);
        assertNotNull(m);
        return m;
    }

    @Test
    public void aCurveServerAnswersCurveClientsOnly() throws Exception {
        Path keys = Files.createTempDirectory(infofile.getParent(), "ccflux-curve");
        Files.createDirectories(keys.resolve("private"));
        CurveKeys.generate().write(keys.resolve("server.curve"), keys.resolve("private/server.curve"));
        Map<String, Object> cfg = config();
        cfg.put("curve-keystore", keys.toString());
        cfg.put("curve-key", "server");
        start(cfg);

        send(sealer(), "plain");
        assertNull("a plain connection gets nothing from a CURVE server", receive(1000));

        client.close();
        client = zmq.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(client);
        client.setLinger(0);
        CurveSetup.apply(client, CurveOptions.client(Keystore.open(keys).curvePublicKey("server"), null));
        client.connect("tcp://127.0.0.1:" + port);
        send(sealer(), "curved");
        CcMessage reply = receive(RECEIVE_MS);
        assertNotNull("a CURVE client is answered", reply);
        assertEquals("curved", reply.json().path("marker").asText());
        assertEquals("only the CURVE client's request reached the handler", 1, handled.size());
    }

    @Test
    public void aServerKeyOnTheListeningSocketIsRefusedNamingTheProperty() {
        Map<String, Object> cfg = config();
        cfg.put("curve-server-key", "server");
        try {
            start(cfg);
            fail("activated with curve-server-key on cc-socket");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("curve-server-key"));
        }
        server.set(null);
    }

    @Test
    public void anInvalidCryptoConfigurationFailsActivationNamingTheProperty() {
        for (String[] bad : List.of(new String[] {"cms-decrypt", "server"}, new String[] {"cms-sign", "nosuch"},
                new String[] {"cms-verify-ca", "ca", "cms-time-window", "soon"})) {
            try {
                start(config(bad));
                fail("activated with " + List.of(bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith(bad[0]) || e.getMessage().contains(bad[bad.length - 2]));
            }
        }
        server.set(null);
    }

    @Test
    public void anInvalidCryptoUpdateIsRefusedAndTheRunningSecurityStays() {
        CcServerComponent s = start(config("cms-verify-ca", "ca", "cms-sign", "server"));
        MessageOpener verifyReplies = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca"));
        assertEquals("before", roundTrip(sealer("cms-sign", "user1"), "before", verifyReplies));

        String log = captureStderr(() -> {
            s.modified(config("cms-verify-ca", "ca", "cms-sign", "nosuch"));
            s.modified(config("cms-verify-ca", "ca", "cms-decrypt", "server", "cms-sign", "server", "cms-time-window", "-1"));
            return null;
        });
        assertTrue(log, log.contains("configuration org.ccflux.server refused: cms-sign: missing file"));
        assertTrue(log, log.contains("configuration org.ccflux.server refused: cms-time-window"));

        send(sealer(), "unsigned");
        assertNull("still verifying", receive(300));
        assertEquals("after", roundTrip(sealer("cms-sign", "user1"), "after", verifyReplies));
    }

    @Test
    public void securityChangesApplyLiveAndSwitchingItOffRemovesTheStage() {
        CcServerComponent s = start(config("cms-verify-ca", "ca", "cms-sign", "server"));
        MessageOpener verifyReplies = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca"));
        MessageSealer rogue = sealer("cms-sign", "rogue");
        send(rogue, "r1");
        assertNull("ca2's signer is not trusted under ca", receive(300));

        s.modified(config("cms-verify-ca", "ca2", "cms-sign", "server"));
        assertEquals("r2", roundTrip(rogue, "r2", verifyReplies));
        send(sealer("cms-sign", "user1"), "u1");
        assertNull("and ca's is not any more", receive(300));
        awaitCounter("count.rejected.untrusted-signer: 2");

        s.modified(config()); // no verification: the stage is taken out, on the same socket and connection
        send(sealer(), "plain");
        CcMessage reply = receive(RECEIVE_MS);
        assertNotNull("unsigned messages pass now", reply);
        assertEquals("and replies are no longer signed", "", new String(reply.signature(), StandardCharsets.US_ASCII));
        assertFalse(handled.get(handled.size() - 1).signer().isPresent());

        s.modified(config("cms-verify-ca", "ca", "cms-sign", "server")); // and back in
        send(sealer(), "plain again");
        assertNull("verifying again", receive(300));
        assertEquals("u2", roundTrip(sealer("cms-sign", "user1"), "u2", verifyReplies));
        awaitCounter("count.rejected.unsigned: 1");
    }

    @Test
    public void createSealsWhatTheServerSendsItself() throws Exception {
        CcServerComponent s = start(config("cms-sign", "server", "cms-encrypt", "user1"));
        ObjectNode body = CcJson.MAPPER.createObjectNode().put("target", "tcp://x:1");
        CcMessage ping = s.create("echo.request", body, new byte[] {7, 7});

        assertFalse("the caller's body is not modified", body.has("req"));
        assertEquals("ENC1", ping.bodyText());
        assertTrue(ping.route().isEmpty());
        assertArrayEquals(new byte[] {7, 7}, ping.blob().orElseThrow());
        OpenResult r = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca", "cms-decrypt", "user1")).open(ping);
        assertTrue(r.toString(), r.isAccepted());
        ObjectNode json = ((OpenResult.Accepted) r).json();
        assertEquals("echo.request", json.get("req").asText());
        assertEquals("tcp://x:1", json.get("target").asText());
        assertTrue("header filled in", json.has("time") && json.has("hostname"));
        assertTrue(json.get("blob_hash").asText().startsWith("SHA-1:"));
        assertTrue(((OpenResult.Accepted) r).signer().subject().contains("CN=Host 1"));

        try {
            s.create("echo.request", CcJson.header("log.info"), null);
            fail("req and type differ");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("log.info"));
        }
    }

    @Test
    public void withoutCryptoOptionsThereIsNoStageAndNoCryptoThread() {
        start(config());
        send(sealer(), "plain");
        CcMessage reply = receive(RECEIVE_MS);
        assertNotNull(reply);
        assertEquals(0, reply.signature().length);
        await("no crypto threads (those of earlier tests end)", () -> threadsNamed("ccflux-crypto").isEmpty());
        assertEquals(1, handled.size());
        assertFalse(handled.get(0).signer().isPresent());
    }

    @Test
    public void repliesOfAnInlineHandlerAreSignedOffTheSocketThreadAndKeepTheirOrder() {
        CcServerComponent s = start(config("cms-sign", "server"));
        MessageOpener verifyReplies = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca"));
        int n = 40;
        for (int i = 0; i < n; i++) {
            send(sealer(), "r" + i);
        }
        for (int i = 0; i < n; i++) {
            CcMessage reply = receive(RECEIVE_MS);
            assertNotNull("reply " + i, reply);
            OpenResult r = verifyReplies.open(reply);
            assertTrue("signed: " + r, r.isAccepted());
            assertEquals("in the order the handler replied", "r" + i, ((OpenResult.Accepted) r).json().path("marker").asText());
        }
        assertEquals("the handler itself still runs on the socket thread", List.of("ccflux-socket"),
                handlerThreads.stream().distinct().toList());
        assertFalse("signed on the crypto threads", threadsNamed("ccflux-crypto-").isEmpty());
        server.set(null);
        s.deactivate();
        await("no ccflux-crypto thread left", () -> threadsNamed("ccflux-crypto").isEmpty());
    }

    @Test
    public void repliesWrittenAsBytesAreSealedLikeTreesAndSentAsWrittenWithoutCrypto() throws Exception {
        repliesAsBytes = true;
        CcServerComponent s = start(config("cms-verify-ca", "ca", "cms-sign", "server", "cms-encrypt", "user1"));
        MessageOpener openReplies = MessageOpener.create(TestKeys.crypto("cms-verify-ca", "ca", "cms-decrypt", "user1"));
        assertEquals("b1", roundTrip(sealer("cms-sign", "user1"), "b1", openReplies));

        s.modified(config());
        send(sealer(), "b2");
        CcMessage plain = receive(RECEIVE_MS);
        assertNotNull(plain);
        assertEquals("test.reply", plain.type());
        assertEquals("the body exactly as the handler wrote it", "b2", plain.json().path("marker").asText());
        assertEquals(0, plain.signature().length);
        assertTrue(new String(plain.body(), StandardCharsets.UTF_8).startsWith("{\"req\":\"test.reply\""));
        try {
            s.reply(plain, "not a type!", plain.body());
            fail("accepted an invalid type");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a type!"));
        }
    }

    @Test
    public void theCryptoThreadsStopWithTheComponent() {
        CcServerComponent s = start(config("cms-verify-ca", "ca"));
        MessageOpener anyReply = MessageOpener.create(TestKeys.crypto());
        assertEquals("t", roundTrip(sealer("cms-sign", "user1"), "t", anyReply));
        assertFalse("opened on ccflux-crypto threads", threadsNamed("ccflux-crypto-").isEmpty());
        assertTrue(threadsNamed("ccflux-crypto-").size() <= Runtime.getRuntime().availableProcessors());

        server.set(null);
        s.deactivate();
        await("no ccflux-crypto thread left", () -> threadsNamed("ccflux-crypto").isEmpty());
    }
}
