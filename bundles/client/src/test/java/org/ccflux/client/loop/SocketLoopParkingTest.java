package org.ccflux.client.loop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Where the loop waits: inside its ROUTER's recv when that is the only socket it reads (woken by a message from
 * {@link RouterWaker}), in a selector otherwise. Either way nothing may be left to the idle timeout.
 */
public class SocketLoopParkingTest {
    private final SocketLoop loop = new SocketLoop("ccflux-test-loop", 1);
    private final ZContext peers = new ZContext(1);

    @After
    public void close() {
        loop.close();
        peers.close();
    }

    @Test
    public void wakeUpsOfALoopParkedInItsRouterAreNeverDeliveredAsMessages() throws Exception {
        String endpoint = endpoint();
        BlockingQueue<List<byte[]>> received = new ArrayBlockingQueue<>(10);
        bindRouter(endpoint, received);
        for (int i = 0; i < 50; i++) {
            loop.wake();
            assertEquals("the loop answers calls", "ok", loop.call(ctx -> "ok", 3000));
        }
        ZMQ.Socket client = client(endpoint);
        client.send("real");
        List<byte[]> got = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(got);
        assertEquals("real", new String(got.get(1), StandardCharsets.UTF_8));
        assertNull("only the real message reached the reader", received.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    public void callsFromOtherThreadsDoNotWaitForTheIdleTimeoutInTheRouter() {
        bindRouter(endpoint(), new ArrayBlockingQueue<>(10));
        assertCallsAreQuick("parked in the ROUTER");
    }

    @Test
    public void callsFromOtherThreadsDoNotWaitForTheIdleTimeoutInTheSelector() {
        String endpoint = endpoint();
        bindRouter(endpoint, new ArrayBlockingQueue<>(10));
        loop.call(ctx -> { // a second socket with demand: the loop parks in its selector
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.connect(endpoint);
            loop.register(dealer, SocketLoop.Reader.always(frames -> { }));
            return dealer;
        }, 5000);
        assertCallsAreQuick("parked in the selector");
    }

    /**
     * A relay on the loop, like the proxy: requests in on a ROUTER go out on a DEALER, replies come back the same
     * way. Sends on a socket process its pending commands, including the one announcing new input (whose signal
     * they take from the descriptor): if the loop then slept on the descriptor, replies would wait for the idle
     * timeout. Any gap near that timeout between two replies is such a stall.
     */
    @Test
    public void aRelayBetweenTwoSocketsOnTheLoopNeverWaitsForTheIdleTimeout() throws Exception {
        String front = endpoint();
        String back = endpoint();
        AtomicBoolean echoing = new AtomicBoolean(true);
        Thread echo = new Thread(() -> {
            try (ZContext ctx = new ZContext(1)) {
                ZMQ.Socket server = boundRouter(ctx, back);
                server.setReceiveTimeOut(100);
                while (echoing.get()) {
                    byte[] frame = server.recv(0);
                    while (frame != null) { // every frame back as it came: [relay, client, payload]
                        boolean more = server.hasReceiveMore();
                        server.send(frame, more ? ZMQ.SNDMORE : 0);
                        frame = more ? server.recv(0) : null;
                    }
                }
            }
        }, "test-echo");
        echo.start();
        try {
            startRelay(front, back);
            ZMQ.Socket client = client(front);
            client.setReceiveTimeOut(5000);
            // One round trip first: a fresh JeroMQ connection can stall in its handshake (ZMQ_HANDSHAKE_IVL), which is
            // not what is measured here.
            client.send("probe");
            assertNotNull("the relay never answered", client.recv(0));
            int total = 3000;
            int window = 50;
            int sent = 0;
            long longestGap = 0;
            long last = System.nanoTime();
            for (int received = 0; received < total; received++) {
                while (sent < total && sent - received < window) {
                    client.send(Integer.toString(sent++));
                }
                assertNotNull("reply " + received + " never came", client.recv(0));
                long now = System.nanoTime();
                longestGap = Math.max(longestGap, now - last);
                last = now;
            }
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(longestGap);
            assertTrue("a reply waited " + gapMillis + " ms: the loop slept on a descriptor whose signal a send had taken",
                    gapMillis < SocketLoop.IDLE_POLL_MILLIS * 3 / 4);
        } finally {
            echoing.set(false);
            echo.join(5000);
        }
    }

    /**
     * What a server sends while reading may be held and sent by an {@code afterReading} hook, in one burst: the hook
     * runs before the loop waits, so a lone request's reply does not wait for the idle timeout.
     */
    @Test
    public void afterReadingHooksRunBeforeTheLoopWaits() {
        String endpoint = endpoint();
        loop.call(ctx -> {
            ZMQ.Socket router = boundRouter(ctx, endpoint);
            List<List<byte[]>> held = new ArrayList<>();
            loop.register(router, SocketLoop.Reader.always(held::add));
            loop.afterReading(() -> {
                held.forEach(frames -> SocketLoop.sendMultipart(router, frames));
                held.clear();
            });
            return router;
        }, 5000);
        ZMQ.Socket client = client(endpoint);
        client.setReceiveTimeOut(5000);
        client.send("probe"); // a fresh connection's handshake is not what is measured
        assertNotNull("no reply", client.recv(0));
        for (int i = 0; i < 20; i++) {
            // Keep the loop busy while the request arrives, so that the turn's reading, not the wait, takes it in.
            CountDownLatch busy = new CountDownLatch(1);
            loop.execute(() -> awaitQuietly(busy));
            long start = System.nanoTime();
            client.send("lone " + i);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // time for the request to reach the ROUTER
            busy.countDown();
            assertEquals("lone " + i, client.recvStr(0));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("a lone reply waited " + millis + " ms", millis < SocketLoop.IDLE_POLL_MILLIS * 3 / 4);
        }
        for (int i = 0; i < 500; i++) {
            client.send("burst " + i);
        }
        for (int i = 0; i < 500; i++) {
            assertEquals("burst " + i, client.recvStr(0));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startRelay(String front, String back) {
        loop.call(ctx -> {
            ZMQ.Socket router = boundRouter(ctx, front);
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            ZmqDefaults.apply(dealer);
            dealer.setLinger(0);
            dealer.connect(back);
            loop.register(router, SocketLoop.Reader.always(frames -> SocketLoop.sendMultipart(dealer, frames)));
            loop.register(dealer, SocketLoop.Reader.always(frames -> SocketLoop.sendMultipart(router, frames)));
            return null;
        }, 5000);
    }

    private void assertCallsAreQuick(String where) {
        int calls = 20;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            loop.call(ctx -> null, 3000);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Left to the idle timeout, each call would wait for half of it on average.
        assertTrue(where + ": " + calls + " calls took " + millis + " ms", millis < calls * SocketLoop.IDLE_POLL_MILLIS / 4);
    }

    private void bindRouter(String endpoint, BlockingQueue<List<byte[]>> received) {
        loop.call(ctx -> {
            ZMQ.Socket router = boundRouter(ctx, endpoint);
            loop.register(router, SocketLoop.Reader.always(received::add));
            return router;
        }, 5000);
    }

    private static ZMQ.Socket boundRouter(ZContext ctx, String endpoint) {
        ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
        ZmqDefaults.apply(router);
        router.setLinger(0);
        router.bind(endpoint);
        return router;
    }

    private ZMQ.Socket client(String endpoint) {
        ZMQ.Socket dealer = peers.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(dealer);
        dealer.setLinger(0);
        dealer.connect(endpoint);
        return dealer;
    }

    private static String endpoint() {
        try (ServerSocket s = new ServerSocket(0)) {
            return "tcp://127.0.0.1:" + s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
