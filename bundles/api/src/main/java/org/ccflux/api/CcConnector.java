package org.ccflux.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens connections from this server to other CC servers (ZeroMQ DEALER sockets), for handlers that
 * forward, such as the proxy. Registered by the core as an OSGi service.
 *
 * <p>A connection lives on the server's socket thread: an inline handler that forwards through it, and
 * the listener that relays what comes back through {@link CcSender}, cost no thread hop. Memory stays
 * bounded while the remote is down: at most {@code zmq_hwm} messages wait in ZeroMQ, and a send beyond
 * that is refused (and counted by the caller).
 *
 * @since 1.1
 */
@ProviderType
public interface CcConnector {
    /**
     * Connects a DEALER to {@code endpoint}. ZeroMQ reconnects by itself with back-off
     * ({@code zmq_reconnect_ivl} doubling up to {@code zmq_reconnect_ivl_max}).
     *
     * @param endpoint a {@code tcp://host:port} endpoint
     * @param socketOptions CC's {@code zmq_*} options ({@code zmq_hwm}, {@code zmq_linger},
     *            {@code zmq_rcvbuf}, {@code zmq_sndbuf}, {@code zmq_tcp_keepalive*}) plus
     *            {@code zmq_reconnect_ivl} and {@code zmq_reconnect_ivl_max} (ms); missing ones take CC's defaults
     * @param listener receives every message that arrives on the connection, on the socket thread
     * @throws IllegalArgumentException naming the option or the endpoint if one is invalid
     */
    CcConnection connect(String endpoint, Map<String, ?> socketOptions, ConnectionListener listener);
}
