package org.ccflux.bench;

import org.ccflux.client.loop.SocketLoop;
import org.zeromq.ZMQ;

/**
 * A reference between the bare baseline and ccflux: the bare server's work (answer in place, no decoding, no JSON,
 * no routing) on ccflux's {@link SocketLoop}, with the loop's demand-gated reading and its way of waiting. What
 * it loses against {@link BareEchoServer} is the loop's; what ccflux echo loses against it is the pipeline's.
 * Usage: {@code LoopEchoServer tcp://127.0.0.1:PORT [--hwm 100]}.
 */
public final class LoopEchoServer {
    private LoopEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Args a = new Args(args);
        String endpoint = a.positional(0, "endpoint");
        int hwm = a.intOption("--hwm", 100);
        a.requireAllUsed();

        BareSockets bare = new BareSockets();
        try (SocketLoop loop = new SocketLoop("ccflux-socket", 1)) {
            loop.call(ctx -> {
                ZMQ.Socket router = BareSockets.router(ctx, endpoint, hwm);
                loop.register(router, SocketLoop.Reader.always(frames -> bare.answer(router, frames)));
                return router;
            }, 10_000);
            BareSockets.listening(endpoint);
            Thread.currentThread().join(); // until the runner stops the JVM
        }
    }
}
