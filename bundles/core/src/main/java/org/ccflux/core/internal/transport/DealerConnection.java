package org.ccflux.core.internal.transport;

import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcConnection;
import org.ccflux.api.CcStats;
import org.ccflux.api.ConnectionListener;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.core.internal.config.SocketOptions;
import org.ccflux.core.internal.pipeline.StatNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/** A DEALER to another CC server on the server's socket loop; see {@link org.ccflux.api.CcConnector}. */
public final class DealerConnection implements CcConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DealerConnection.class);

    private final SocketLoop loop;
    private final String endpoint;
    private final SendQueue<List<byte[]>> queue;
    private final List<Runnable> timers = new ArrayList<>();
    private volatile boolean closed;
    private ZMQ.Socket dealer; // loop thread only

    /** @param stats counts messages queued by other threads and refused later ({@code count.send-dropped}) */
    public DealerConnection(SocketLoop loop, String endpoint, SocketOptions options, ConnectionListener listener, CcStats stats) {
        this.loop = loop;
        this.endpoint = endpoint;
        // Beyond ZeroMQ's own HWM, other threads may queue as much again; the loop thread sends directly.
        this.queue = new SendQueue<>(loop, Math.max(1, options.hwm), frames -> {
            if (!sendNow(frames)) {
                stats.add(StatNames.SEND_DROPPED_COUNT, 1);
                stats.add(StatNames.SEND_DROPPED_BYTES, frames.stream().mapToLong(f -> f.length).sum());
            }
        });
        loop.call(ctx -> {
            ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
            SocketSetup.apply(s, options);
            s.setReconnectIVL(options.reconnectIvlMillis);
            s.setReconnectIVLMax(options.reconnectIvlMaxMillis);
            s.connect(endpoint);
            dealer = s;
            // relaying back is non-blocking: the ROUTER side counts its own drops
            loop.register(s, SocketLoop.Reader.always(listener::onMessage));
            queue.attach();
            return s;
        }, 10_000);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean send(List<byte[]> frames) {
        if (loop.inLoop()) {
            return sendNow(frames);
        }
        return !closed && queue.offer(frames);
    }

    private boolean sendNow(List<byte[]> frames) {
        if (dealer == null) {
            return false;
        }
        try {
            return SocketLoop.sendMultipart(dealer, frames);
        } catch (ZMQException e) {
            LOG.debug("send to {} refused: {}", endpoint, e.toString());
            return false;
        }
    }

    @Override
    public synchronized void schedule(long periodMillis, Runnable task) {
        if (!closed) {
            timers.add(loop.schedule(periodMillis, task));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            timers.forEach(Runnable::run);
        }
        loop.call(ctx -> {
            if (dealer != null) {
                queue.detach();
                loop.close(dealer);
                dealer = null;
            }
            return null;
        }, 10_000);
    }
}
