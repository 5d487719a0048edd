package org.ccflux.core.internal.transport;

import org.ccflux.client.loop.CurveSetup;
import org.ccflux.core.internal.config.SocketOptions;
import org.zeromq.ZMQ;

/** Applies CC's {@code zmq_*} options to a socket, as the original does, and the {@code curve-*} options. */
public final class SocketSetup {
    private SocketSetup() {
    }

    public static void apply(ZMQ.Socket socket, SocketOptions o) {
        socket.setLinger(o.lingerMillis);
        socket.setHandshakeIvl(o.handshakeIvlMillis); // see ZmqDefaults: bounds JeroMQ's occasional handshake stall
        socket.setSndHWM(o.hwm);
        socket.setRcvHWM(o.hwm);
        if (o.rcvbuf > 0) {
            socket.setReceiveBufferSize((int) o.rcvbuf);
        }
        if (o.sndbuf > 0) {
            socket.setSendBufferSize((int) o.sndbuf);
        }
        if (o.tcpKeepalive) {
            socket.setTCPKeepAlive(1);
            socket.setTCPKeepAliveInterval(o.tcpKeepaliveIntvl);
            socket.setTCPKeepAliveIdle(o.tcpKeepaliveIdle);
            socket.setTCPKeepAliveCount(o.tcpKeepaliveCnt);
        }
        if (o.maxMsgSize > 0) {
            socket.setMaxMsgSize(o.maxMsgSize);
        }
        CurveSetup.apply(socket, o.curve);
    }
}
