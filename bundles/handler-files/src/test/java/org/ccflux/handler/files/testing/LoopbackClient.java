package org.ccflux.handler.files.testing;

import java.util.List;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A DEALER connected to a test server (the core's {@code LoopbackServer}), sending as CC's clients and proxies do. */
public final class LoopbackClient implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket socket;

    public LoopbackClient(String endpoint) {
        socket = context.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(socket);
        socket.setLinger(0);
        socket.connect(endpoint);
    }

    /** Writes the message's payload frames ({@code '', type, body, sig[, blob]}). */
    public void send(CcMessage m) {
        List<byte[]> frames = m.payloadFrames();
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Writes the empty delimiter, then {@code frames} as given ({@code type, body, sig[, blob]}). */
    public void sendFrames(byte[]... frames) {
        socket.send(new byte[0], ZMQ.SNDMORE);
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
