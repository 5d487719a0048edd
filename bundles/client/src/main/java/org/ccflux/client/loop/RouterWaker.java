package org.ccflux.client.loop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Wakes a loop thread that is blocked in a ROUTER's own {@code recv}: an inproc DEALER connected to the ROUTER,
 * with an identity no real peer has, sends it one frame. The loop recognises the frame and drops it
 * ({@link #isWakeUp}).
 *
 * <p>Why a message and not the loop's wake-up pipe: a thread blocked inside JeroMQ's {@code recv} only returns
 * for input on that socket. And why block there at all: measured here, a bare echo that waited in
 * {@code recv} did twice the round trips of one that waited in a {@code Selector} over the socket's descriptor
 * (JeroMQ's {@code Poller} included), where every thread of client and server made about two system calls per
 * message instead of one per fifty.
 *
 * <p>{@link #wake} is called from any thread: the DEALER is used under a lock (a full memory barrier, as
 * ZeroMQ asks of a socket that changes threads). Created and closed on the loop thread.
 */
final class RouterWaker {
    private final byte[] identity;
    private final ZMQ.Socket dealer;
    private boolean closed; // guarded by this

    private RouterWaker(byte[] identity, ZMQ.Socket dealer) {
        this.identity = identity;
        this.dealer = dealer;
    }

    /** Binds an inproc endpoint on {@code router} and connects a waker to it; loop thread. */
    static RouterWaker attach(ZContext context, ZMQ.Socket router) {
        String id = "ccflux-loop-wake-" + UUID.randomUUID();
        router.bind("inproc://" + id);
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        byte[] identity = id.getBytes(StandardCharsets.US_ASCII);
        dealer.setIdentity(identity);
        dealer.setLinger(0);
        dealer.connect("inproc://" + id);
        return new RouterWaker(identity, dealer);
    }

    /** Any thread. A wake-up that cannot be sent (waker closed, queue full) is not needed: the loop is ending or will wake anyway. */
    synchronized void wake() {
        if (closed) {
            return;
        }
        try {
            dealer.send(identity, ZMQ.DONTWAIT);
        } catch (ZMQException e) {
            // the context is closing
        }
    }

    /** @return true for the frames of a wake-up, as the ROUTER receives them */
    boolean isWakeUp(List<byte[]> frames) {
        return Arrays.equals(frames.get(0), identity);
    }

    /** Loop thread. */
    synchronized void close(ZContext context) {
        closed = true;
        context.destroySocket(dealer);
    }
}
