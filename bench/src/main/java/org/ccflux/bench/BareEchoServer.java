package org.ccflux.bench;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

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

        BareSockets bare = new BareSockets();
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket router = BareSockets.router(ctx, endpoint, hwm);
            BareSockets.listening(endpoint);
            List<byte[]> frames = new ArrayList<>(8);
            while (!Thread.currentThread().isInterrupted()) {
                frames.clear();
                frames.add(router.recv(0));
                while (router.hasReceiveMore()) {
                    frames.add(router.recv(0));
                }
                bare.answer(router, frames);
            }
        }
    }
}
