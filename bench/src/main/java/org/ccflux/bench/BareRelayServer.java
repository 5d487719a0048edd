package org.ccflux.bench;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The reference for the proxy scenario: JeroMQ's own relay ({@code ZMQ.proxy}: a ROUTER in front, a DEALER behind,
 * no decoding, no routing) in front of a {@link BareEchoServer}. What the hop costs in ZeroMQ alone, on the same
 * CPUs: ccflux's one proxy hop cannot do better than this. Usage:
 * {@code BareRelayServer tcp://127.0.0.1:FRONT tcp://127.0.0.1:BACK [--hwm 100]}.
 */
public final class BareRelayServer {
    private BareRelayServer() {
    }

    public static void main(String[] args) {
        Args a = new Args(args);
        String front = a.positional(0, "front endpoint");
        String back = a.positional(1, "back endpoint");
        int hwm = a.intOption("--hwm", 100);
        a.requireAllUsed();

        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket router = BareSockets.router(ctx, front, hwm);
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setSndHWM(hwm);
            dealer.setRcvHWM(hwm);
            dealer.connect(back);
            BareSockets.listening(front);
            ZMQ.proxy(router, dealer, null);
        }
    }
}
