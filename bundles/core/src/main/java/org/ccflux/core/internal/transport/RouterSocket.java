package org.ccflux.core.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.StatNames;
import org.ccflux.core.internal.stats.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import zmq.ZError;

/**
 * The server's ROUTER socket, on the server's {@link SocketLoop} (thread {@code ccflux-socket}).
 *
 * <ul>
 * <li>Ingress: {@link #inbound()} emits frame lists on the loop thread, and only while the subscriber has
 * demand; without demand the socket is not read, so ZeroMQ's high-water mark pushes back on senders.</li>
 * <li>Egress: {@link #send} on the loop thread goes out once the loop has read what there is to read, with
 * whatever else it sent meanwhile (at most {@link #BURST} held); from other threads through a bounded
 * {@link SendQueue} ({@code egress-queue}).</li>
 * </ul>
 * Why in bursts: JeroMQ's I/O thread sends a reply and, finding nothing more, sleeps until the next one wakes it
 * (a system call on each side). Replies sent one by one as each request was handled woke it about every fifth
 * reply, against every eightieth for the bare echo loop; ccflux's echo paid for that in throughput.
 * A message that cannot be queued or sent (unknown peer, peer still at its HWM after a short wait, see
 * {@link HwmWait}) is dropped and counted.
 */
public final class RouterSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterSocket.class);

    /** How long a bind retries an address in use, and how often. */
    private static final long BIND_RETRY_MILLIS = 2000;
    private static final long BIND_RETRY_PAUSE_MILLIS = 20;
    /** Replies held at most before they go out: bounds the memory and the delay of the first. */
    static final int BURST = 16;

    private final SocketLoop loop;
    private final ServerConfig config;
    private final CcStats stats;
    private final SendQueue<CcMessage> egress;
    private final RateLimitedLog sendDropLog = new RateLimitedLog(LOG, 1000);
    private final Counter sentCount;
    private final Counter sentBytes;
    private volatile FluxSink<List<byte[]>> sink;
    private volatile boolean closed;
    private ZMQ.Socket router; // loop thread only
    private HwmWait hwmWait; // loop thread only, with router
    private final List<CcMessage> burst = new ArrayList<>(BURST); // loop thread only
    private final Runnable sendBurst = this::sendBurst;

    public RouterSocket(SocketLoop loop, ServerConfig config, CcStats stats) {
        this.loop = loop;
        this.config = config;
        this.stats = stats;
        this.egress = new SendQueue<>(loop, config.egressQueue, this::sendNow);
        this.sentCount = Counter.of(stats, StatNames.SENT_COUNT);
        this.sentBytes = Counter.of(stats, StatNames.SENT_BYTES);
    }

    /**
     * The frames received; subscribe once, before {@link #start}. After {@link #completeInbound()} a new
     * subscription takes over the socket.
     */
    public Flux<List<byte[]>> inbound() {
        return Flux.create(s -> {
            sink = s;
            s.onRequest(n -> loop.wake());
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Creates and binds the ROUTER on the loop thread and starts reading.
     *
     * @throws IllegalStateException naming {@code cc-socket} if it cannot be bound
     */
    public void start() {
        long deadline = System.nanoTime() + BIND_RETRY_MILLIS * 1_000_000L;
        while (true) {
            try {
                loop.call(this::open, 10_000);
                break;
            } catch (IllegalStateException e) {
                // A ROUTER of ours just closed on the same endpoint (a rebind) frees its port only once JeroMQ's
                // I/O thread has reaped it: try again for a moment before calling the address taken.
                if (!addressInUse(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(BIND_RETRY_PAUSE_MILLIS * 1_000_000L);
            } catch (RuntimeException e) {
                throw new IllegalStateException(ServerConfig.CC_SOCKET + " " + config.ccSocket + " cannot be bound: " + e, e);
            }
        }
        LOG.info("listening on {}", config.ccSocket);
    }

    /** Creates and binds the ROUTER and starts reading; loop thread. */
    private ZMQ.Socket open(ZContext ctx) {
        ZMQ.Socket s = ctx.createSocket(SocketType.ROUTER);
        SocketSetup.apply(s, config.socket);
        s.setRouterMandatory(true); // a send to an unknown peer fails visibly, so it is counted
        try {
            s.bind(config.ccSocket);
        } catch (ZMQException e) {
            ctx.destroySocket(s);
            throw new IllegalStateException(ServerConfig.CC_SOCKET + " " + config.ccSocket + " cannot be bound: "
                    + ZError.toString(e.getErrorCode()), e);
        }
        router = s;
        hwmWait = new HwmWait(s);
        loop.register(s, new SocketLoop.Reader() {
            @Override
            public long demand() {
                FluxSink<List<byte[]>> current = sink;
                return current == null ? 0 : current.requestedFromDownstream();
            }

            @Override
            public void onMessage(List<byte[]> frames) {
                sink.next(frames);
            }
        });
        egress.attach();
        loop.afterReading(sendBurst);
        return s;
    }

    private static boolean addressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ZMQException z && z.getErrorCode() == ZError.EADDRINUSE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes the current subscriber of {@link #inbound()} without closing the socket, so that another pipeline
     * can subscribe: what the old one already holds still flows to its end. Reading pauses until the next
     * subscription asks for messages. Loop thread only.
     */
    public void completeInbound() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("completeInbound is for the socket thread");
        }
        FluxSink<List<byte[]>> s = sink;
        sink = null; // no demand, no read, until the next subscriber
        if (s != null) {
            s.complete();
        }
    }

    /**
     * Sends out of the ROUTER; thread-safe. Other threads never block; on the socket thread, sending a burst may
     * wait a little for a peer at its HWM ({@link HwmWait}).
     *
     * @return false if dropped at once; a message refused later (peer gone, at its HWM) is counted and logged
     */
    public boolean send(CcMessage message) {
        if (loop.inLoop()) {
            if (router == null || message.route().isEmpty()) {
                return sendNow(message); // dropped and counted at once
            }
            burst.add(message);
            if (burst.size() == BURST) {
                sendBurst();
            }
            return true;
        }
        if (closed || !egress.offer(message)) {
            dropped(message, "egress queue full");
            return false;
        }
        return true;
    }

    private void sendBurst() {
        for (int i = 0; i < burst.size(); i++) {
            sendNow(burst.get(i));
        }
        burst.clear();
    }

    private boolean sendNow(CcMessage message) {
        if (router == null) {
            dropped(message, "socket closed");
            return false;
        }
        if (message.route().isEmpty()) {
            dropped(message, "no route frame");
            return false;
        }
        try {
            if (!hwmWait.send(message.frames())) {
                dropped(message, "peer at its high-water mark");
                return false;
            }
        } catch (ZMQException e) {
            dropped(message, e.getErrorCode() == ZError.EHOSTUNREACH ? "peer unknown or gone" : ZError.toString(e.getErrorCode()));
            return false;
        }
        sentCount.add(1);
        sentBytes.add(message.size());
        return true;
    }

    private void dropped(CcMessage message, String reason) {
        stats.add(StatNames.SEND_DROPPED_COUNT, 1);
        stats.add(StatNames.SEND_DROPPED_BYTES, message.size());
        sendDropLog.warn("cannot send {}: {}", message.type(), reason);
    }

    /** Closes the ROUTER (with {@code zmq_linger}) and completes {@link #inbound()}; the loop stays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.call(ctx -> {
            if (router != null) {
                sendBurst();
                loop.removeAfterReading(sendBurst);
                egress.detach().forEach(m -> dropped(m, "server stopping"));
                loop.close(router);
                router = null;
                hwmWait = null;
            }
            FluxSink<List<byte[]>> s = sink;
            if (s != null) {
                s.complete();
            }
            return null;
        }, 10_000);
    }
}
