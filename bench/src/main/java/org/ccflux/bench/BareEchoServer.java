package org.ccflux.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The baseline: a bare JeroMQ ROUTER that answers every message by sending its frames straight back with
 * the frame after the first empty one (the type) replaced by {@code echo.response}. No decoding, no JSON,
 * no routing: what is left is the cost of ZeroMQ itself, which ccflux cannot go below.
 *
 * <p>Socket settings as ccflux's ROUTER (same HWM, ROUTER_MANDATORY, non-blocking sends counted as drops
 * at the HWM), so the two differ only in what happens between receive and send.
 * Usage: {@code BareEchoServer tcp://127.0.0.1:PORT [--hwm 100]} (0: unlimited); prints {@code listening on …} when bound.
 */
public final class BareEchoServer {
    private BareEchoServer() {
    }

    public static void main(String[] args) {
        Args a = new Args(args);
        String endpoint = a.positional(0, "endpoint");
        int hwm = a.intOption("--hwm", 100);
        a.requireAllUsed();

        AtomicLong dropped = new AtomicLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping; dropped " + dropped.get())));
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            ZmqDefaults.apply(router);
            router.setSndHWM(hwm);
            router.setRcvHWM(hwm);
            router.setRouterMandatory(true);
            router.bind(endpoint);
            System.out.println("listening on " + endpoint);
            System.out.flush();
            List<byte[]> frames = new ArrayList<>(8);
            while (!Thread.currentThread().isInterrupted()) {
                frames.clear();
                frames.add(router.recv(0));
                while (router.hasReceiveMore()) {
                    frames.add(router.recv(0));
                }
                int type = firstEmpty(frames) + 1;
                if (type <= 1 || type >= frames.size()) {
                    continue; // no delimiter or no type: not a CC message
                }
                frames.set(type, EchoFrames.RESPONSE_TYPE);
                if (!send(router, frames)) {
                    dropped.incrementAndGet();
                }
            }
        }
    }

    /** @return the index of the first empty frame after the peer identity, or -1 */
    private static int firstEmpty(List<byte[]> frames) {
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).length == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Like ccflux's sendMultipart: the first frame decides (HWM or unknown peer), the rest follow. */
    private static boolean send(ZMQ.Socket router, List<byte[]> frames) {
        try {
            int last = frames.size() - 1;
            if (!router.send(frames.get(0), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                return false;
            }
            for (int i = 1; i < last; i++) {
                router.send(frames.get(i), ZMQ.SNDMORE);
            }
            router.send(frames.get(last), 0);
            return true;
        } catch (ZMQException e) {
            return false; // EHOSTUNREACH: the client is gone
        }
    }
}
