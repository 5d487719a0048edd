package org.ccflux.client.loop;

import org.zeromq.ZMQ;

/**
 * Socket settings every ccflux socket gets, whatever its role.
 *
 * <p>{@link #HANDSHAKE_IVL_MILLIS}: with JeroMQ 0.6 a freshly connected DEALER occasionally stalls in the
 * ZMTP handshake: the TCP connection is up, but nothing flows until some other activity on the context
 * (observed roughly once in 10–20 fresh connections on loopback; see {@code SocketLoopFirstMessageTest}).
 * ZeroMQ's handshake timeout (libzmq default 30 s) drops such a connection and reconnects; a short one
 * bounds the stall of a first message to about a second. A real handshake takes one round trip.
 */
public final class ZmqDefaults {
    /** ZMQ_HANDSHAKE_IVL for every socket, in milliseconds (option {@code zmq_handshake_ivl}). */
    public static final int HANDSHAKE_IVL_MILLIS = 1000;

    private ZmqDefaults() {
    }

    /** Applies the defaults; call before {@code connect} or {@code bind}. */
    public static void apply(ZMQ.Socket socket) {
        socket.setHandshakeIvl(HANDSHAKE_IVL_MILLIS);
    }
}
