package org.ccflux.handler.proxy.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.crypto.CurveKeys;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.After;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The proxy inside real core servers on loopback: client → A (proxy) → B (and C). */
public class ProxyHandlerTest {
    private static final long DEADLINE_MS = 10_000;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ZContext clients = new ZContext(1);

    @After
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        clients.close();
    }

    @Test
    public void forwardsEveryFrameUnchangedAndRelaysTheReplyToTheOriginalSender() throws Exception {
        LoopbackServer a = server();
        LoopbackServer b = server();
        Recorder atB = b.bind("rec", "echo", new Recorder(b, true));
        proxy(a, "dc1", "echo", b.endpoint);
        ZMQ.Socket client = client(a);

        byte[] body = b("{\"req\":\"echo.request\",\"time\":1700000000.5,\"hostname\":\"h\",\"target\":\"t\"}");
        byte[] signature = {0x30, (byte) 0x82, 0, 1, 2, 3};
        byte[] blob = {0, 1, 2, (byte) 0xff};
        sendFrames(client, b("req-7"), new byte[0], b("echo.request"), body, signature, blob);

        Await.until("B got the message", () -> atB.seen.size() == 1);
        CcMessage atRemote = atB.seen.get(0);
        assertEquals("route at B: proxy's identity, client's identity, the client's own frame", 3, atRemote.route().size());
        assertEquals("req-7", new String(atRemote.route().get(2), StandardCharsets.UTF_8));
        assertArrayEquals(body, atRemote.body());
        assertArrayEquals(signature, atRemote.signature());
        assertArrayEquals(blob, atRemote.blob().orElseThrow());

        List<byte[]> reply = receive(client);
        assertEquals("req-7", new String(reply.get(0), StandardCharsets.UTF_8));
        CcMessage decoded = CcMessage.decode(reply);
        assertEquals("echo.response", decoded.type());
        assertEquals(1, a.get("proxy.dc1.count.forwarded"));
        Await.until("return counted", () -> a.get("proxy.dc1.count.returned") == 1);
        assertEquals(0, a.get("count.send-dropped"));
    }

    @Test
    public void twoInstancesOnOneRouteEachForwardACopyAndBothRepliesComeBack() throws Exception {
        LoopbackServer a = server();
        LoopbackServer b = server();
        LoopbackServer c = server();
        Recorder atB = b.bind("rec", "log", new Recorder(b, true));
        Recorder atC = c.bind("rec", "log", new Recorder(c, true));
        proxy(a, "dc1", "log", b.endpoint);
        proxy(a, "dc2", "log", c.endpoint);
        ZMQ.Socket client = client(a);

        sendFrames(client, new byte[0], b("log.info"), b("{\"req\":\"log.info\"}"), new byte[0]);

        Await.until("a copy at each remote", () -> atB.seen.size() == 1 && atC.seen.size() == 1);
        assertEquals("log.info", CcMessage.decode(receive(client)).type());
        assertEquals("log.info", CcMessage.decode(receive(client)).type());
    }

    @Test
    public void whileTheRemoteIsDownAtMostHwmMessagesWaitTheRestAreDroppedAndCountedThenTheHeldOnesArrive() throws Exception {
        LoopbackServer a = server();
        String later = "tcp://127.0.0.1:" + LoopbackServer.freePort();
        proxy(a, "dc1", "log", later, "zmq_hwm", "5", "zmq_reconnect_ivl", "50", "zmq_reconnect_ivl_max", "200");
        ZMQ.Socket client = client(a);

        for (int i = 0; i < 20; i++) {
            sendFrames(client, new byte[0], b("log.info"), b("{\"req\":\"log.info\",\"n\":" + i + "}"), new byte[0]);
        }
        Await.until("all 20 forwarded or dropped", () -> a.get("proxy.dc1.count.forwarded") + a.get("proxy.dc1.count.dropped") == 20);
        assertEquals(5, a.get("proxy.dc1.count.forwarded"));
        assertEquals(15, a.get("proxy.dc1.count.dropped"));
        assertTrue(a.get("proxy.dc1.bytes.dropped") > 15 * 20);

        LoopbackServer b = track(new LoopbackServer(later, Map.of()));
        Recorder atB = b.bind("rec", "log", new Recorder(b, false));
        Await.until("the five held messages reach the remote once it is up", () -> atB.seen.size() == 5);
        assertEquals("{\"req\":\"log.info\",\"n\":0}", atB.seen.get(0).bodyText());
    }

    @Test
    public void pingMarksTheRemoteUpAndItsPongsAreNotForwarded() throws Exception {
        LoopbackServer a = server();
        LoopbackServer b = server();
        Recorder atB = b.bind("echo", "echo", new Recorder(b, true));
        a.sealWith(b("signed-by-a"));
        ProxyHandler p = proxy(a, "dc1", "log", b.endpoint, "ping", "yes");

        Await.until("remote up", () -> p.remoteState() == RemoteState.UP);
        assertArrayEquals("pings are built by A's CcSender.create, so sealed as A seals", b("signed-by-a"),
                atB.seen.get(0).signature());
        Await.until("pong counted", () -> a.get("proxy.dc1.pong.received") >= 1);
        assertEquals(1, a.get("proxy.dc1.became.up"));
        assertEquals("pongs are addressed to the proxy, not sent out of A's ROUTER", 0, a.get("count.send-dropped"));
        assertEquals(0, a.get("count.sent"));
    }

    @Test
    public void anInvalidReconfigurationIsRefusedNamingThePropertyAndTheOldRemoteKeepsServing() throws Exception {
        LoopbackServer a = server();
        LoopbackServer b = server();
        Recorder atB = b.bind("rec", "log", new Recorder(b, false));
        ProxyHandler p = proxy(a, "dc1", "log", b.endpoint);

        try {
            p.modified(config("dc1", "log", "remote-cc", "nonsense"));
            fail("accepted remote-cc = nonsense");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("remote-cc must be an endpoint like tcp://host:port"));
        }
        sendFrames(client(a), new byte[0], b("log.info"), b("{}"), new byte[0]);
        Await.until("still forwarded to B", () -> atB.seen.size() == 1);
    }

    @Test
    public void aNewRemoteReconnectsLive() throws Exception {
        LoopbackServer a = server();
        LoopbackServer b = server();
        LoopbackServer c = server();
        Recorder atB = b.bind("rec", "log", new Recorder(b, false));
        Recorder atC = c.bind("rec", "log", new Recorder(c, false));
        ProxyHandler p = proxy(a, "dc1", "log", b.endpoint);
        ZMQ.Socket client = client(a);
        sendFrames(client, new byte[0], b("log.info"), b("{}"), new byte[0]);
        Await.until("to B", () -> atB.seen.size() == 1);

        p.modified(config("dc1", "log", "remote-cc", c.endpoint));
        sendFrames(client, new byte[0], b("log.info"), b("{}"), new byte[0]);

        Await.until("to C", () -> atC.seen.size() == 1);
        assertEquals(1, atB.seen.size());
    }

    @Test
    public void aCurveConnectionReachesACurveServerAndAWrongServerKeyGetsNothingThrough() throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("ccflux-proxy-curve");
        java.nio.file.Files.createDirectories(keys.resolve("private"));
        for (String name : new String[] {"dest", "impostor"}) {
            CurveKeys.generate().write(keys.resolve(name + ".curve"), keys.resolve("private/" + name + ".curve"));
        }
        LoopbackServer a = server();
        LoopbackServer b = track(new LoopbackServer(Map.of("curve-keystore", keys.toString(), "curve-key", "dest")));
        Recorder atB = b.bind("rec", "log", new Recorder(b, true));
        proxy(a, "wrong", "log", b.endpoint, "curve-keystore", keys.toString(), "curve-server-key", "impostor");
        proxy(a, "dc1", "log", b.endpoint, "curve-keystore", keys.toString(), "curve-server-key", "dest");
        ZMQ.Socket client = client(a);

        sendFrames(client, b("q1"), new byte[0], b("log.info"), b("{}"), new byte[0]);
        assertEquals("the reply through the encrypted hop", "q1", new String(receive(client).get(0), StandardCharsets.UTF_8));
        Await.until("B got it", () -> atB.seen.size() == 1);
        assertEquals("the proxy holding the wrong server key delivered nothing", 1, atB.seen.size());
    }

    // ---- fixtures ----

    /** Records what it gets and, if asked, answers each message with its own type along the route. */
    static final class Recorder implements MessageHandler {
        final List<CcMessage> seen = new CopyOnWriteArrayList<>();
        private final LoopbackServer server;
        private final boolean answer;

        Recorder(LoopbackServer server, boolean answer) {
            this.server = server;
            this.answer = answer;
        }

        @Override
        public void handle(CcMessage message) throws Exception {
            seen.add(message);
            if (!answer) {
                return;
            }
            if (message.type().equals("echo.request")) {
                ObjectNode pong = CcJson.header("echo.response");
                pong.set("orig_target", message.json().get("target"));
                pong.set("orig_time", message.json().get("time"));
                server.reply(message, pong);
            } else {
                server.reply(message, CcJson.header(message.type()));
            }
        }
    }

    private LoopbackServer server() {
        return track(new LoopbackServer());
    }

    private ProxyHandler proxy(LoopbackServer in, String name, String routes, String remote, String... more) {
        ProxyHandler p = new ProxyHandler(in, in, in, config(name, routes, "remote-cc", remote, more));
        open.add(p::deactivate);
        return in.bind(name, routes, p);
    }

    private static Map<String, Object> config(String name, String routes, String key, String value, String... more) {
        Map<String, Object> props = new HashMap<>(Map.of("handler.name", name, "routes", routes, key, value, "zmq_linger", "0"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return props;
    }

    private ZMQ.Socket client(LoopbackServer server) {
        ZMQ.Socket s = clients.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(s);
        s.setLinger(0);
        s.setReceiveTimeOut((int) DEADLINE_MS);
        s.connect(server.endpoint);
        return s;
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private static void sendFrames(ZMQ.Socket s, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private static List<byte[]> receive(ZMQ.Socket s) {
        byte[] first = s.recv(0);
        assertNotNull("nothing received within " + DEADLINE_MS + " ms", first);
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (s.hasReceiveMore()) {
            frames.add(s.recv(0));
        }
        return frames;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
