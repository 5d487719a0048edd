package org.ccflux.handler.echo.internal;

import static org.ccflux.handler.echo.internal.EchoTestSupport.await;
import static org.ccflux.handler.echo.internal.EchoTestSupport.freePort;
import static org.ccflux.handler.echo.internal.EchoTestSupport.text;
import static org.ccflux.handler.echo.internal.EchoTestSupport.threadAlive;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.handler.echo.internal.EchoTestSupport.ForwardingSender;
import org.ccflux.handler.echo.internal.EchoTestSupport.RecordingStats;
import org.junit.After;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The active half of CC's echo (reference §6.2) against a real ROUTER that answers with EchoHandler. */
public class EchoPingerTest {
    private final RecordingStats stats = new RecordingStats();
    private final List<AutoCloseable> open = new ArrayList<>();

    @After
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    /**
     * A CC server stand-in: a ROUTER on its own thread; every request is handed to a real
     * {@link EchoHandler}, whose reply (optionally rewritten) goes back out of the ROUTER.
     */
    private static final class EchoRouter implements AutoCloseable {
        final String endpoint = "tcp://127.0.0.1:" + freePort();
        final List<CcMessage> requests = new CopyOnWriteArrayList<>();
        private final ZContext ctx = new ZContext(1);
        private final Thread thread;
        private volatile boolean closing;

        EchoRouter(UnaryOperator<CcMessage> rewrite) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.setReceiveTimeOut(50);
            router.bind(endpoint);
            ForwardingSender sender = new ForwardingSender(reply -> {
                List<byte[]> frames = rewrite.apply(reply).frames();
                for (int i = 0; i < frames.size(); i++) {
                    router.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
            });
            EchoHandler echo = new EchoHandler(sender, new RecordingStats(), Map.of());
            thread = new Thread(() -> {
                while (!closing) {
                    byte[] first = router.recv(0);
                    if (first == null) {
                        continue;
                    }
                    List<byte[]> frames = new ArrayList<>(List.of(first));
                    while (router.hasReceiveMore()) {
                        frames.add(router.recv(0));
                    }
                    try {
                        CcMessage m = CcMessage.decode(frames);
                        requests.add(m);
                        echo.handle(m);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                router.close();
            }, "test-echo-router");
            thread.start();
        }

        EchoRouter() {
            this(UnaryOperator.identity());
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            thread.join(5_000);
            ctx.close();
        }
    }

    @Test
    public void withoutRemotesNoThreadIsStarted() {
        EchoPinger p = track(EchoPinger.start(List.of(), stats, null));
        assertEquals(List.of(), p.targets());
        assertFalse(threadAlive("ccflux-echo-ping"));
        assertTrue(Double.isNaN(p.silenceSeconds("tcp://127.0.0.1:1")));
        assertEquals(0, p.pongs("tcp://127.0.0.1:1"));
    }

    @Test
    public void anAnsweringRemoteGetsPongsASilentOneGrowsItsSilence() throws Exception {
        EchoRouter remote = track(new EchoRouter());
        String silent = "tcp://127.0.0.1:" + freePort(); // nothing listens there
        EchoPinger p = track(EchoPinger.start(List.of(remote.endpoint, silent), stats, null));

        await("a pong from " + remote.endpoint, () -> p.pongs(remote.endpoint) > 0);
        await("silence of " + silent + " grows past 2 s", () -> p.silenceSeconds(silent) >= 2.0);

        assertEquals(0, p.pongs(silent));
        assertTrue("answered remote silent for " + p.silenceSeconds(remote.endpoint) + " s",
                p.silenceSeconds(remote.endpoint) < EchoPinger.LATE_SECONDS);
        assertTrue(stats.get("echo.ping.sent") >= 4);
        assertTrue(stats.get("echo.pong.received") >= 1);
        assertEquals(stats.get("echo.pong.received"), p.pongs(remote.endpoint));
    }

    @Test
    public void requestsAreCcEchoRequestsNamingTheirTarget() throws Exception {
        EchoRouter remote = track(new EchoRouter());
        track(EchoPinger.start(List.of(remote.endpoint), stats, null));

        await("a request", () -> !remote.requests.isEmpty());
        CcMessage req = remote.requests.get(0);
        assertEquals("echo.request", req.type());
        assertEquals("one route frame: the pinger's DEALER identity", 1, req.route().size());
        assertEquals(List.of("", "echo.request"), text(req.payloadFrames()).subList(0, 2));
        assertTrue("CC always sends the signature frame", req.hasSignatureFrame());
        JsonNode body = req.json();
        assertEquals("echo.request", body.get("req").asText());
        assertEquals(remote.endpoint, body.get("target").asText());
        assertEquals(CcJson.hostname(), body.get("hostname").asText());
        assertTrue(Math.abs(body.get("time").asDouble() - System.currentTimeMillis() / 1000.0) < 60);
    }

    @Test
    public void pingsEverySecond() throws Exception {
        EchoRouter remote = track(new EchoRouter());
        track(EchoPinger.start(List.of(remote.endpoint), stats, null));
        // The first ping may wait for the connection's handshake (up to ZMQ_HANDSHAKE_IVL, 1 s) and the next one is
        // then dropped at the pinger's HWM of 1, as in CC: measure between two pings sent once connected.
        await("four requests", () -> remote.requests.size() >= 4);
        double third = remote.requests.get(2).json().get("time").asDouble();
        double fourth = remote.requests.get(3).json().get("time").asDouble();
        assertEquals(1.0, fourth - third, 0.5);
    }

    @Test
    public void aPongForAnUnknownTargetIsNotCounted() throws Exception {
        EchoRouter liar = track(new EchoRouter(reply -> {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) reply.json();
                body.put("orig_target", "tcp://somewhere.else:1");
                return CcMessage.of(reply.route(), reply.type(), CcJson.toBytes(body), null, null);
            } catch (InvalidMessageException e) {
                throw new AssertionError(e);
            }
        }));
        EchoPinger p = track(EchoPinger.start(List.of(liar.endpoint), stats, null));

        await("two requests answered", () -> liar.requests.size() >= 2);

        assertEquals(0, p.pongs(liar.endpoint));
        assertEquals(0, stats.get("echo.pong.received"));
    }

    @Test
    public void closeStopsThePingThread() throws Exception {
        EchoRouter remote = track(new EchoRouter());
        EchoPinger p = EchoPinger.start(List.of(remote.endpoint), stats, null);
        await("pinging", () -> !remote.requests.isEmpty());
        assertTrue(threadAlive("ccflux-echo-ping"));

        p.close();

        assertFalse(threadAlive("ccflux-echo-ping"));
        int seen = remote.requests.size();
        Thread.sleep(1_500); // longer than one ping interval: nothing more may arrive
        assertEquals(seen, remote.requests.size());
    }

    @Test
    public void aNewPingRemotesListRestartsThePingerOnTheNewRemotes() throws Exception {
        EchoRouter first = track(new EchoRouter());
        EchoRouter second = track(new EchoRouter());
        EchoHandler handler = new EchoHandler(new ForwardingSender(m -> { }), stats, Map.of("ping-remotes", first.endpoint));
        track(handler::deactivate);
        await("the first remote is pinged", () -> !first.requests.isEmpty());

        handler.modified(Map.of("ping-remotes", second.endpoint));

        await("the second remote is pinged", () -> !second.requests.isEmpty());
        int seen = first.requests.size();
        await("a few more pings to the second", () -> second.requests.size() >= 2);
        assertEquals("the first remote is no longer pinged", seen, first.requests.size());
    }
}
