package org.ccflux.client.loop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A fresh server on a loop reads the first message of a fresh client, every time. Without
 * {@link ZmqDefaults#apply} on the client this failed about once in 10–20 rounds: JeroMQ's handshake
 * stalled with the TCP connection up (monitor events CONNECT_DELAYED, CONNECTED, no handshake).
 */
public class SocketLoopFirstMessageTest {
    private static final int ROUNDS = 60;

    @Test
    public void everyFreshServerReadsTheFirstMessageOfAFreshClient() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String endpoint = "tcp://127.0.0.1:" + freePort();
            BlockingQueue<List<byte[]>> received = new ArrayBlockingQueue<>(10);
            try (SocketLoop loop = new SocketLoop("ccflux-test-loop", 1); ZContext client = new ZContext(1)) {
                loop.call(ctx -> {
                    ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
                    ZmqDefaults.apply(router);
                    router.setLinger(0);
                    router.bind(endpoint);
                    loop.register(router, SocketLoop.Reader.always(received::add));
                    return router;
                }, 5000);
                ZMQ.Socket dealer = client.createSocket(SocketType.DEALER);
                ZmqDefaults.apply(dealer);
                dealer.setLinger(0);
                dealer.connect(endpoint);
                dealer.send("round-" + round);
                List<byte[]> got = received.poll(3 * ZmqDefaults.HANDSHAKE_IVL_MILLIS, TimeUnit.MILLISECONDS);
                assertNotNull("round " + round + ": the first message was not read", got);
                assertEquals("round-" + round, new String(got.get(1)));
                assertEquals("the loop answers calls", "ok", loop.call(ctx -> "ok", 3000));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
