package org.ccflux.core.internal.config;

import java.util.Map;
import java.util.Objects;
import org.ccflux.api.CcOptions;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.crypto.CurveOptions;

/**
 * CC's {@code zmq_*} socket options with the original defaults, and ccflux's {@code curve-*} options (CurveZMQ).
 * Shared by the server's ROUTER and every component that opens a socket with the same option names (proxy,
 * daemons).
 */
public final class SocketOptions {
    public final int nthreads;
    public final int lingerMillis;
    public final int hwm;
    public final long rcvbuf;
    public final long sndbuf;
    public final boolean tcpKeepalive;
    public final int tcpKeepaliveIntvl;
    public final int tcpKeepaliveIdle;
    public final int tcpKeepaliveCnt;
    public final long maxMsgSize;
    public final int reconnectIvlMillis;
    public final int reconnectIvlMaxMillis;
    public final int handshakeIvlMillis;
    public final CurveOptions curve;

    /**
     * @param binding true for a socket that binds ({@code cc-socket}), false for one that connects: they
     *        take different {@code curve-*} options
     * @throws IllegalArgumentException naming the property on the first invalid option
     */
    public SocketOptions(Map<String, ?> properties, boolean binding) {
        this(new CcOptions(properties), binding ? CurveOptions.parse(properties).forBinding()
                : CurveOptions.parse(properties).forConnecting());
    }

    private SocketOptions(CcOptions p, CurveOptions curve) {
        this.curve = curve;
        nthreads = p.integer("zmq_nthreads", 1, 1, 64);
        lingerMillis = p.integer("zmq_linger", 500, -1, 3_600_000);
        hwm = p.integer("zmq_hwm", 100, 0, 10_000_000);
        rcvbuf = p.size("zmq_rcvbuf", 0);
        sndbuf = p.size("zmq_sndbuf", 0);
        tcpKeepalive = p.integer("zmq_tcp_keepalive", 1, -1, 1) > 0;
        tcpKeepaliveIntvl = p.integer("zmq_tcp_keepalive_intvl", 15, -1, 86_400);
        tcpKeepaliveIdle = p.integer("zmq_tcp_keepalive_idle", 240, -1, 86_400);
        tcpKeepaliveCnt = p.integer("zmq_tcp_keepalive_cnt", 4, -1, 1000);
        maxMsgSize = p.size("zmq_maxmsgsize", -1);
        reconnectIvlMillis = p.integer("zmq_reconnect_ivl", 100, 1, 3_600_000);
        reconnectIvlMaxMillis = p.integer("zmq_reconnect_ivl_max", 5000, 0, 3_600_000);
        handshakeIvlMillis = p.integer("zmq_handshake_ivl", ZmqDefaults.HANDSHAKE_IVL_MILLIS, 0, 3_600_000);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketOptions)) {
            return false;
        }
        SocketOptions s = (SocketOptions) o;
        return nthreads == s.nthreads && lingerMillis == s.lingerMillis && hwm == s.hwm && rcvbuf == s.rcvbuf
                && sndbuf == s.sndbuf && tcpKeepalive == s.tcpKeepalive && tcpKeepaliveIntvl == s.tcpKeepaliveIntvl
                && tcpKeepaliveIdle == s.tcpKeepaliveIdle && tcpKeepaliveCnt == s.tcpKeepaliveCnt
                && maxMsgSize == s.maxMsgSize && reconnectIvlMillis == s.reconnectIvlMillis
                && reconnectIvlMaxMillis == s.reconnectIvlMaxMillis && handshakeIvlMillis == s.handshakeIvlMillis
                && curve.equals(s.curve);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nthreads, lingerMillis, hwm, rcvbuf, sndbuf, tcpKeepalive, maxMsgSize);
    }

    @Override
    public String toString() {
        return "zmq_nthreads=" + nthreads + ", zmq_linger=" + lingerMillis + ", zmq_hwm=" + hwm + ", zmq_rcvbuf=" + rcvbuf
                + ", zmq_sndbuf=" + sndbuf + ", zmq_tcp_keepalive=" + (tcpKeepalive ? 1 : 0) + ", zmq_tcp_keepalive_intvl="
                + tcpKeepaliveIntvl + ", zmq_tcp_keepalive_idle=" + tcpKeepaliveIdle + ", zmq_tcp_keepalive_cnt="
                + tcpKeepaliveCnt + ", zmq_maxmsgsize=" + maxMsgSize + ", zmq_reconnect_ivl=" + reconnectIvlMillis
                + ", zmq_reconnect_ivl_max=" + reconnectIvlMaxMillis + ", zmq_handshake_ivl=" + handshakeIvlMillis + ", " + curve;
    }
}
