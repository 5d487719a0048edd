package org.ccflux.handler.proxy.internal;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ccflux.api.CcOptions;

/**
 * A proxy instance's connection settings: {@code remote-cc}, {@code ping}, CC's {@code zmq_*} socket
 * options and the {@code curve-*} options of an encrypted connection (both checked by the core's connector). Two configurations are equal when the connection would be the
 * same, so a change of {@code routes} alone does not reconnect.
 */
final class ProxyConfig {
    static final String REMOTE_CC = "remote-cc";
    static final String PING = "ping";
    /** CC's proxy default, lower than ZeroMQ's 1000: at most this many messages wait while the remote is down. */
    static final int DEFAULT_HWM = 100;
    private static final Pattern TCP = Pattern.compile("tcp://[A-Za-z0-9_.\\-\\[\\]:*]+:\\d{1,5}");

    final String remote;
    final boolean ping;
    /** The {@code zmq_*} and {@code curve-*} entries, sorted, with CC's proxy HWM default filled in. */
    final Map<String, Object> socketOptions;

    private ProxyConfig(String remote, boolean ping, Map<String, Object> socketOptions) {
        this.remote = remote;
        this.ping = ping;
        this.socketOptions = socketOptions;
    }

    /** @throws IllegalArgumentException naming the property if {@code remote-cc} or {@code ping} is invalid */
    static ProxyConfig parse(Map<String, ?> properties) {
        CcOptions options = new CcOptions(properties);
        if (!options.has(REMOTE_CC)) {
            throw new IllegalArgumentException(REMOTE_CC + " is required: the tcp:// endpoint of the CC server to forward to");
        }
        String remote = options.string(REMOTE_CC, "");
        if (!TCP.matcher(remote).matches()) {
            throw CcOptions.invalid(REMOTE_CC, remote, "an endpoint like tcp://host:port");
        }
        Map<String, Object> socket = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("zmq_") || k.startsWith("curve-")) {
                socket.put(k, v);
            }
        });
        socket.putIfAbsent("zmq_hwm", DEFAULT_HWM);
        return new ProxyConfig(remote, options.bool(PING, false), Map.copyOf(socket));
    }

    int hwm() {
        return (int) new CcOptions(socketOptions).integer("zmq_hwm", DEFAULT_HWM, 0, Integer.MAX_VALUE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyConfig && ((ProxyConfig) o).remote.equals(remote) && ((ProxyConfig) o).ping == ping
                && ((ProxyConfig) o).socketOptions.equals(socketOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(remote, ping, socketOptions);
    }

    @Override
    public String toString() {
        return REMOTE_CC + "=" + remote + ", " + PING + "=" + ping + ", " + socketOptions;
    }
}
