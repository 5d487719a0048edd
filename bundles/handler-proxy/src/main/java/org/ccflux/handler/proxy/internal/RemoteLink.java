package org.ccflux.handler.proxy.internal;

import java.util.List;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcConnector;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy connection: a DEALER to {@code remote-cc} (opened through the core's {@link CcConnector}, so it
 * lives on the server's socket thread), forwarding messages unchanged and relaying what comes back.
 *
 * <p>Memory stays bounded while the remote is down or slow: ZeroMQ holds at most {@code zmq_hwm} messages,
 * and a message beyond that is dropped and counted ({@code proxy.<name>.count.dropped}); the first drop
 * after a run of successful sends and the first send after drops are logged, so a flood logs two lines.
 */
final class RemoteLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteLink.class);

    final ProxyConfig config;
    private final String name;
    private final CcSender sender;
    private final ProxyCounters counters;
    private final RemoteMonitor monitor;
    private final CcConnection connection;
    /** Drops since the last successful send; touched by the socket thread and, rarely, other senders. */
    private long droppedInARow;

    private RemoteLink(String name, ProxyConfig config, CcConnector connector, CcSender sender, ProxyCounters counters) {
        this.name = name;
        this.config = config;
        this.sender = sender;
        this.counters = counters;
        // Pings are the proxy's own messages: sealed (signed) as the server seals what it creates. Forwarded
        // messages are never touched: their signatures travel end to end.
        this.monitor = config.ping ? new RemoteMonitor(name, config.remote, counters,
                body -> sender.create(RemoteMonitor.PING, body, null), this::sendFrames, System::nanoTime) : null;
        this.connection = connector.connect(config.remote, config.socketOptions, this::onReturn);
        if (monitor != null) {
            connection.schedule(RemoteMonitor.PING_PERIOD_MILLIS, monitor::tick);
        }
    }

    /** @throws IllegalArgumentException naming the option if the core refuses a {@code zmq_*} value */
    static RemoteLink open(String name, ProxyConfig config, CcConnector connector, CcSender sender, ProxyCounters counters) {
        RemoteLink link = new RemoteLink(name, config, connector, sender, counters);
        LOG.info("proxy {}: forwarding to {} (zmq_hwm {}{})", name, config.remote, config.hwm(), config.ping ? ", ping" : "");
        return link;
    }

    /** Sends the whole frame list, route frames included, byte for byte. Never blocks. */
    void forward(CcMessage message) {
        if (sendFrames(message.frames())) {
            counters.add(counters.forwardedCount, 1);
            counters.add(counters.forwardedBytes, message.size());
        } else {
            counters.add(counters.droppedCount, 1);
            counters.add(counters.droppedBytes, message.size());
        }
    }

    RemoteState state() {
        return monitor == null ? null : monitor.state();
    }

    private boolean sendFrames(List<byte[]> frames) {
        boolean sent = connection.send(frames);
        synchronized (this) {
            if (!sent && droppedInARow++ == 0) {
                LOG.warn("proxy {}: {} is not taking messages (zmq_hwm {} reached): dropping and counting them in proxy.{}.count.dropped",
                        name, config.remote, config.hwm(), name);
            } else if (sent && droppedInARow > 0) {
                LOG.info("proxy {}: {} takes messages again after {} dropped", name, config.remote, droppedInARow);
                droppedInARow = 0;
            }
        }
        return sent;
    }

    /** What the remote sends back: replies for our peers go out of the server's ROUTER, unchanged. */
    private void onReturn(List<byte[]> frames) {
        CcMessage message;
        try {
            message = CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            counters.add(counters.invalidReturns, 1);
            LOG.debug("proxy {}: invalid message from {}: {}", name, config.remote, e.getMessage());
            return;
        }
        if (message.route().isEmpty()) {
            // Addressed to the proxy itself: a pong. CC pushed it to the ROUTER too, where it addressed nobody.
            if (monitor != null) {
                monitor.onOwnMessage(message);
            } else {
                LOG.debug("proxy {}: {} from {} is addressed to no peer; dropped", name, message.type(), config.remote);
            }
            return;
        }
        counters.add(counters.returnedCount, 1);
        counters.add(counters.returnedBytes, message.size());
        sender.send(message);
    }

    /** Closes the DEALER; replies still on their way to it are lost. */
    @Override
    public void close() {
        connection.close();
    }
}
