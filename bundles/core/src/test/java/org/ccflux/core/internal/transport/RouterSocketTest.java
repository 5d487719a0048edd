package org.ccflux.core.internal.transport;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.b;
import static org.ccflux.core.internal.CoreTestSupport.freePort;
import static org.ccflux.core.internal.CoreTestSupport.props;
import static org.ccflux.core.internal.CoreTestSupport.text;
import static org.ccflux.core.internal.CoreTestSupport.threadsNamed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.CcMessage;
import org.ccflux.core.internal.CoreTestSupport.RecordingStats;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.StatNames;
import org.junit.After;
import org.junit.Test;
import org.reactivestreams.Subscription;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.ccflux.client.loop.SocketLoop;
import reactor.core.publisher.BaseSubscriber;

/** The ROUTER and its thread, on real JeroMQ sockets over loopback TCP. */
public class RouterSocketTest {
    private static final long RECEIVE_TIMEOUT_MS = 5_000;
    private static final long QUIET_MS = 300;

    private final RecordingStats stats = new RecordingStats();
    private final ZContext client = new ZContext(1);
    private final List<RouterSocket> open = new ArrayList<>();
    private final List<SocketLoop> loops = new ArrayList<>();
    private final String endpoint = "tcp://127.0.0.1:" + freePort();

    @After
    public void closeAll() {
        open.forEach(RouterSocket::close);
        loops.forEach(SocketLoop::close);
        client.close();
    }

    private RouterSocket socket(Object... more) {
        Map<String, Object> p = props(more);
        p.putIfAbsent(ServerConfig.CC_SOCKET, endpoint);
        p.putIfAbsent("zmq_linger", "0");
        SocketLoop loop = new SocketLoop("ccflux-socket", 1);
        loops.add(loop);
        RouterSocket s = new RouterSocket(loop, new ServerConfig(p), stats);
        open.add(s);
        return s;
    }

    private ZMQ.Socket dealer(String identity) {
        ZMQ.Socket d = client.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(d);
        d.setIdentity(b(identity));
        d.setLinger(0);
        d.setReceiveTimeOut((int) RECEIVE_TIMEOUT_MS);
        d.connect(endpoint);
        return d;
    }

    private static void sendFrames(ZMQ.Socket s, String... frames) {
        for (int i = 0; i < frames.length; i++) {
            assertTrue(s.send(b(frames[i]), i < frames.length - 1 ? ZMQ.SNDMORE : 0));
        }
    }

    private static List<String> receiveFrames(ZMQ.Socket s) {
        byte[] first = s.recv(0);
        assertNotNull("nothing received within " + RECEIVE_TIMEOUT_MS + " ms", first);
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (s.hasReceiveMore()) {
            frames.add(s.recv(0));
        }
        return text(frames);
    }

    /** Collects frame lists and requests only what the test asks for. */
    private static final class Collector extends BaseSubscriber<List<byte[]>> {
        final BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        final long initial;
        volatile boolean completed;

        Collector(long initial) {
            this.initial = initial;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            if (initial > 0) {
                request(initial);
            }
        }

        @Override
        protected void hookOnNext(List<byte[]> frames) {
            received.add(text(frames));
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        List<String> next() throws InterruptedException {
            List<String> f = received.poll(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNotNull("nothing received within " + RECEIVE_TIMEOUT_MS + " ms", f);
            return f;
        }

        void assertQuiet() throws InterruptedException {
            assertNull("received without demand", received.poll(QUIET_MS, TimeUnit.MILLISECONDS));
        }
    }

    /** Starts {@code s} with a collector and makes sure {@code d} is connected (its hello arrived). */
    private Collector startConnected(RouterSocket s, ZMQ.Socket d, String identity) throws InterruptedException {
        Collector c = new Collector(Long.MAX_VALUE);
        s.inbound().subscribe(c);
        s.start();
        sendFrames(d, "", "hello.x", "{}", "");
        assertEquals(List.of(identity, "", "hello.x", "{}", ""), c.next());
        return c;
    }

    @Test
    public void receivesTheFramesWithTheSendersIdentityInFront() throws Exception {
        RouterSocket s = socket();
        Collector c = new Collector(Long.MAX_VALUE);
        s.inbound().subscribe(c);
        s.start();
        ZMQ.Socket d = dealer("dealer-1");

        sendFrames(d, "", "log.info", "{\"log_msg\":\"hi\"}", "");
        sendFrames(d, "req-7", "", "echo.request", "{}", "", "blob");

        assertEquals(List.of("dealer-1", "", "log.info", "{\"log_msg\":\"hi\"}", ""), c.next());
        assertEquals(List.of("dealer-1", "req-7", "", "echo.request", "{}", "", "blob"), c.next());
    }

    @Test
    public void inboundEmitsOnlyWithDemand() throws Exception {
        RouterSocket s = socket();
        Collector c = new Collector(1);
        s.inbound().subscribe(c);
        s.start();
        ZMQ.Socket d = dealer("d");
        for (int i = 1; i <= 5; i++) {
            sendFrames(d, "", "log.n" + i, "{}", "");
        }

        assertEquals("log.n1", c.next().get(2));
        c.assertQuiet();

        c.request(2);
        assertEquals("log.n2", c.next().get(2));
        assertEquals("log.n3", c.next().get(2));
        c.assertQuiet();

        c.request(10);
        assertEquals("log.n4", c.next().get(2));
        assertEquals("log.n5", c.next().get(2));
        c.assertQuiet();
    }

    @Test
    public void sendFromAnotherThreadReachesTheDealer() throws Exception {
        RouterSocket s = socket();
        ZMQ.Socket d = dealer("dealer-2");
        startConnected(s, d, "dealer-2");

        CcMessage reply = CcMessage.of(List.of(b("dealer-2")), "echo.response", b("{\"x\":1}"), null, null);
        assertTrue(s.send(reply));

        assertEquals(List.of("", "echo.response", "{\"x\":1}", ""), receiveFrames(d));
        await("sent counted", () -> stats.get(StatNames.SENT_COUNT) == 1);
        assertEquals(reply.size(), stats.get(StatNames.SENT_BYTES));
        assertEquals(0, stats.get(StatNames.SEND_DROPPED_COUNT));
    }

    @Test
    public void furtherRouteFramesTravelToTheNextHop() throws Exception {
        // Reference §1.4: the ROUTER consumes the first route frame; the rest arrive in order in front.
        RouterSocket s = socket();
        ZMQ.Socket d = dealer("proxy");
        startConnected(s, d, "proxy");

        assertTrue(s.send(CcMessage.of(List.of(b("proxy"), b("idD"), b("req-9")), "echo.response", b("{}"), b("sig"), b("blob"))));

        assertEquals(List.of("idD", "req-9", "", "echo.response", "{}", "sig", "blob"), receiveFrames(d));
    }

    @Test
    public void sendOnTheSocketThreadGoesOutOnceTheLoopHasRead() throws Exception {
        // An inline handler replies from onNext, which runs on the socket thread.
        RouterSocket s = socket();
        List<String> senderThreads = new CopyOnWriteArrayList<>();
        s.inbound().subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(List<byte[]> frames) {
                senderThreads.add(Thread.currentThread().getName());
                s.send(CcMessage.of(List.of(frames.get(0)), "echo.response", frames.get(3), null, null));
            }
        });
        s.start();
        ZMQ.Socket d = dealer("pinger");

        sendFrames(d, "", "echo.request", "{\"n\":1}", "");

        assertEquals(List.of("", "echo.response", "{\"n\":1}", ""), receiveFrames(d));
        assertEquals(List.of("ccflux-socket"), senderThreads);
        await("sent counted", () -> stats.get(StatNames.SENT_COUNT) == 1);
    }

    /** Replies made while reading go out in bursts: all of them, in order, however many arrived at once. */
    @Test
    public void repliesOfManyRequestsAllGoOutInOrder() throws Exception {
        int count = RouterSocket.BURST * 3 + 5; // whole bursts and a partial one
        echoInOrder(socket(), count);
        await("sent counted", () -> stats.get(StatNames.SENT_COUNT) == count);
    }

    /**
     * A JeroMQ pipe hears how far its reader got only every HWM/2 messages, so replies to a client with more
     * requests open than the HWM were refused while the client was reading them: they wait for room instead.
     */
    @Test
    public void aBurstBeyondTheHwmReachesAClientThatReads() throws Exception {
        echoInOrder(socket("zmq_hwm", "10"), 300);
        assertEquals(0, stats.get(StatNames.SEND_DROPPED_COUNT));
    }

    /** Starts {@code s} answering every request on the socket thread; sends {@code count} at once, reads them all back. */
    private void echoInOrder(RouterSocket s, int count) {
        s.inbound().subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(List<byte[]> frames) {
                s.send(CcMessage.of(List.of(frames.get(0)), "echo.response", frames.get(3), null, null));
            }
        });
        s.start();
        ZMQ.Socket d = dealer("pinger");
        for (int i = 0; i < count; i++) {
            sendFrames(d, "", "echo.request", "{\"n\":" + i + "}", "");
        }
        for (int i = 0; i < count; i++) {
            assertEquals(List.of("", "echo.response", "{\"n\":" + i + "}", ""), receiveFrames(d));
        }
    }

    /** A client that stops reading loses what does not fit, and holds the socket thread for one short wait only. */
    @Test
    public void aClientThatStopsReadingCostsOneWaitThenDrops() throws Exception {
        RouterSocket s = socket("zmq_hwm", "2");
        ZMQ.Socket d = dealer("sleeper");
        d.setRcvHWM(2);
        startConnected(s, d, "sleeper"); // the peer is known; it never reads again
        int count = 20_000; // far more than the socket buffers between us hold
        byte[] body = new byte[1000];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            s.send(CcMessage.of(List.of(b("sleeper")), "log.info", body, null, null));
        }
        await("all sent or dropped", () -> stats.get(StatNames.SENT_COUNT) + stats.get(StatNames.SEND_DROPPED_COUNT) == count);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue("some dropped", stats.get(StatNames.SEND_DROPPED_COUNT) > 0);
        assertTrue("the socket thread waited " + millis + " ms", millis < HwmWait.PAUSE_MILLIS);
    }

    @Test
    public void sendingToAnUnknownIdentityIsCountedAsSendDropped() throws Exception {
        RouterSocket s = socket();
        s.inbound().subscribe(new Collector(Long.MAX_VALUE));
        s.start();
        CcMessage m = CcMessage.of(List.of(b("nobody")), "echo.response", b("{}"), null, null);

        assertTrue("queued; the drop is known only on the socket thread", s.send(m));

        await("send-dropped counted", () -> stats.get(StatNames.SEND_DROPPED_COUNT) == 1);
        assertEquals(m.size(), stats.get(StatNames.SEND_DROPPED_BYTES));
        assertEquals(0, stats.get(StatNames.SENT_COUNT));
    }

    @Test
    public void aMessageWithoutRouteIsDropped() throws Exception {
        RouterSocket s = socket();
        s.inbound().subscribe(new Collector(Long.MAX_VALUE));
        s.start();
        s.send(CcMessage.of(List.of(), "echo.response", b("{}"), null, null));
        await("send-dropped counted", () -> stats.get(StatNames.SEND_DROPPED_COUNT) == 1);
    }

    @Test
    public void theEgressQueueIsBounded() {
        RouterSocket s = socket(ServerConfig.EGRESS_QUEUE, "2");
        CcMessage m = CcMessage.of(List.of(b("x")), "log.info", b("{}"), null, null);
        // Not started yet: nothing drains the queue.
        assertTrue(s.send(m));
        assertTrue(s.send(m));
        assertFalse(s.send(m));
        assertEquals(1, stats.get(StatNames.SEND_DROPPED_COUNT));
        assertEquals(m.size(), stats.get(StatNames.SEND_DROPPED_BYTES));
    }

    @Test
    public void closeCompletesInboundDropsLaterSendsAndTheLoopStopsCleanly() throws Exception {
        RouterSocket s = socket();
        Collector c = new Collector(Long.MAX_VALUE);
        s.inbound().subscribe(c);
        s.start();
        assertEquals(1, threadsNamed("ccflux-socket").size());

        s.close();
        assertTrue("inbound completes when the socket closes", c.completed);
        loops.forEach(SocketLoop::close);
        await("no ccflux-socket thread left", () -> threadsNamed("ccflux-socket").isEmpty());
        assertFalse(s.send(CcMessage.of(List.of(b("x")), "log.info", b("{}"), null, null)));
        assertEquals(1, stats.get(StatNames.SEND_DROPPED_COUNT));
    }

    @Test
    public void theEndpointIsFreeAgainAfterClose() throws Exception {
        // Over and over: JeroMQ frees the port only once its I/O thread has reaped the closed socket (a race once in CI).
        for (int i = 0; i < 20; i++) {
            RouterSocket first = socket();
            first.inbound().subscribe(new Collector(Long.MAX_VALUE));
            first.start();
            first.close();
        }

        RouterSocket second = socket();
        Collector c = new Collector(Long.MAX_VALUE);
        second.inbound().subscribe(c);
        second.start();
        ZMQ.Socket d = dealer("again");
        sendFrames(d, "", "log.info", "{}", "");
        assertEquals("again", c.next().get(0));
    }

    @Test
    public void bindingABusyPortFailsNamingCcSocketAndTheFirstKeepsServing() throws Exception {
        RouterSocket first = socket();
        Collector served = new Collector(Long.MAX_VALUE);
        first.inbound().subscribe(served);
        first.start();

        RouterSocket second = socket();
        second.inbound().subscribe(new Collector(Long.MAX_VALUE));
        try {
            second.start();
            fail("bound a busy port");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cc-socket"));
            assertTrue(e.getMessage(), e.getMessage().contains(endpoint));
        }
        sendFrames(dealer("still"), "", "log.info", "{}", "");
        assertEquals("still", served.next().get(0));
    }
}
