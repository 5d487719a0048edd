package org.ccflux.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/** What the reference servers share: ccflux's socket settings on a bound ROUTER, the answer send, the drop count. */
final class BareSockets {
    private final AtomicLong dropped = new AtomicLong();

    /** Prints the drop count when the JVM stops; the runner reports a non-zero one. */
    BareSockets() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping; dropped " + dropped.get())));
    }

    /** A ROUTER as ccflux binds it (same HWM, ROUTER_MANDATORY), bound to {@code endpoint}. */
    static ZMQ.Socket router(ZContext ctx, String endpoint, int hwm) {
        ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
        ZmqDefaults.apply(router);
        router.setSndHWM(hwm);
        router.setRcvHWM(hwm);
        router.setRouterMandatory(true);
        router.bind(endpoint);
        return router;
    }

    /** The line the runner waits for. */
    static void listening(String endpoint) {
        System.out.println("listening on " + endpoint);
        System.out.flush();
    }

    /** Answers a request received on {@code router} in place and sends it back; counts what cannot be sent. */
    void answer(ZMQ.Socket router, List<byte[]> frames) {
        if (!EchoFrames.answerInPlace(frames)) {
            return; // no delimiter or no type: not a CC message
        }
        try {
            if (!SocketLoop.sendMultipart(router, frames)) {
                dropped.incrementAndGet();
            }
        } catch (ZMQException e) {
            dropped.incrementAndGet(); // EHOSTUNREACH: the client is gone
        }
    }
}
