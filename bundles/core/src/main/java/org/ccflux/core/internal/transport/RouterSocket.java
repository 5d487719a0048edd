package org.ccflux.core.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.core.internal.RateLimitedLog;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.StatNames;
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
 * The server's ROUTER socket and the one thread that owns it ({@code ccflux-socket}).
 *
 * <ul>
 * <li>Ingress: {@link #inbound()} is a Flux that emits frame lists on this thread, and only while the
 * subscriber has demand; without demand the socket is not read, so ZeroMQ's high-water mark pushes
 * back on the senders.</li>
 * <li>Egress: {@link #send} from this thread goes out at once; from any other thread it is queued
 * (bounded by {@code egress-queue}) and the thread is woken through a pipe the poller watches.</li>
 * </ul>
 * A message that cannot be queued or sent (unknown peer, peer at its HWM) is dropped and counted.
 */
public final class RouterSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterSocket.class);
    private static final int READ_BATCH = 256;
    private static final int EGRESS_BATCH = 1024;
    private static final long IDLE_POLL_MILLIS = 250;

    private final ServerConfig config;
    private final CcStats stats;
    private final ArrayBlockingQueue<CcMessage> egress;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Pipe wakePipe;
    private final Thread thread;
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final RateLimitedLog sendDropLog = new RateLimitedLog(LOG, 1000);
    private volatile boolean closing;
    private volatile FluxSink<List<byte[]>> sink;
    private ZMQ.Socket routerSocket; // touched by the socket thread only

    public RouterSocket(ServerConfig config, CcStats stats) {
        this.config = config;
        this.stats = stats;
        this.egress = new ArrayBlockingQueue<>(config.egressQueue);
        try {
            this.wakePipe = Pipe.open();
            wakePipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the socket thread's wake-up pipe", e);
        }
        this.thread = new Thread(this::run, "ccflux-socket");
        this.thread.setDaemon(true);
    }

    /** The frames received; subscribe once, before {@link #start}. */
    public Flux<List<byte[]>> inbound() {
        return Flux.create(s -> {
            sink = s;
            s.onRequest(n -> wake());
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * Starts the socket thread and waits until the socket is bound.
     *
     * @throws IllegalStateException naming {@code cc-socket} if it cannot be bound
     */
    public void start() {
        thread.start();
        try {
            bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException(ServerConfig.CC_SOCKET + " " + config.ccSocket + " cannot be bound: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            close();
            throw new IllegalStateException(ServerConfig.CC_SOCKET + " " + config.ccSocket + " was not bound in 10 s", e);
        }
    }

    /** Sends out of the ROUTER; thread-safe, never blocks. @return false if dropped at once */
    public boolean send(CcMessage message) {
        if (Thread.currentThread() == thread) {
            return sendNow(routerSocket, message);
        }
        if (closing || !egress.offer(message)) {
            dropped(message, "egress queue full");
            return false;
        }
        wake();
        return true;
    }

    private void run() {
        try (ZContext ctx = new ZContext(config.socket.nthreads)) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            SocketSetup.apply(router, config.socket);
            router.setRouterMandatory(true); // lets a send to an unknown peer fail visibly, so it is counted
            try {
                router.bind(config.ccSocket);
            } catch (ZMQException e) {
                bound.completeExceptionally(new IOException(ZError.toString(e.getErrorCode()) + " (" + e.getMessage() + ")"));
                return;
            }
            routerSocket = router;
            LOG.info("listening on {}", config.ccSocket);
            bound.complete(null);
            loop(ctx, router);
        } catch (RuntimeException e) {
            if (!bound.isDone()) {
                bound.completeExceptionally(e);
            } else if (!closing) {
                LOG.error("socket thread failed", e);
            }
        } finally {
            routerSocket = null;
            FluxSink<List<byte[]>> s = sink;
            if (s != null) {
                s.complete();
            }
            dropQueued();
        }
    }

    private void loop(ZContext ctx, ZMQ.Socket router) {
        ZMQ.Poller withInput = ctx.createPoller(2);
        withInput.register(wakePipe.source(), ZMQ.Poller.POLLIN);
        int routerIndex = withInput.register(router, ZMQ.Poller.POLLIN);
        ZMQ.Poller wakeOnly = ctx.createPoller(1);
        wakeOnly.register(wakePipe.source(), ZMQ.Poller.POLLIN);
        ByteBuffer drain = ByteBuffer.allocate(64);
        while (!closing) {
            boolean demand = hasDemand();
            ZMQ.Poller poller = demand ? withInput : wakeOnly;
            poller.poll(egress.isEmpty() ? IDLE_POLL_MILLIS : 0);
            if (poller.pollin(0)) {
                clearWake(drain);
            }
            flushEgress(router);
            if (demand && withInput.pollin(routerIndex)) {
                readBatch(router);
            }
        }
        withInput.close();
        wakeOnly.close();
    }

    private boolean hasDemand() {
        FluxSink<List<byte[]>> s = sink;
        return s != null && s.requestedFromDownstream() > 0;
    }

    private void readBatch(ZMQ.Socket router) {
        FluxSink<List<byte[]>> s = sink;
        for (int i = 0; i < READ_BATCH && s.requestedFromDownstream() > 0; i++) {
            byte[] first = router.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>(6);
            frames.add(first);
            while (router.hasReceiveMore()) {
                frames.add(router.recv(0));
            }
            s.next(frames);
        }
    }

    private void flushEgress(ZMQ.Socket router) {
        for (int i = 0; i < EGRESS_BATCH; i++) {
            CcMessage m = egress.poll();
            if (m == null) {
                return;
            }
            sendNow(router, m);
        }
    }

    private boolean sendNow(ZMQ.Socket router, CcMessage message) {
        List<byte[]> frames = message.frames();
        if (message.route().isEmpty()) {
            dropped(message, "no route frame");
            return false;
        }
        try {
            int last = frames.size() - 1;
            if (!router.send(frames.get(0), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                dropped(message, "peer at its high-water mark");
                return false;
            }
            for (int i = 1; i < last; i++) {
                router.send(frames.get(i), ZMQ.SNDMORE);
            }
            router.send(frames.get(last), 0);
        } catch (ZMQException e) {
            dropped(message, e.getErrorCode() == ZError.EHOSTUNREACH ? "peer unknown or gone" : ZError.toString(e.getErrorCode()));
            return false;
        }
        stats.add(StatNames.SENT_COUNT, 1);
        stats.add(StatNames.SENT_BYTES, message.size());
        return true;
    }

    private void dropped(CcMessage message, String reason) {
        stats.add(StatNames.SEND_DROPPED_COUNT, 1);
        stats.add(StatNames.SEND_DROPPED_BYTES, message.size());
        sendDropLog.warn("cannot send {}: {}", message.type(), reason);
    }

    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                wakePipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                // Pipe closed: we are shutting down; the poll timeout covers the rest.
                wakePending.set(false);
            }
        }
    }

    private void clearWake(ByteBuffer buf) {
        wakePending.set(false); // re-arm before draining, so a concurrent send wakes us again
        try {
            while (wakePipe.source().read(buf.clear()) > 0) {
                // discard
            }
        } catch (IOException e) {
            // closed while shutting down
        }
    }

    private void dropQueued() {
        CcMessage m;
        while ((m = egress.poll()) != null) {
            dropped(m, "server stopping");
        }
    }

    /** Stops the thread, closes the socket and the ZeroMQ context (with {@code zmq_linger}). */
    @Override
    public void close() {
        closing = true;
        wake();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(config.socket.lingerMillis + 5000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            wakePipe.sink().close();
            wakePipe.source().close();
        } catch (IOException e) {
            // nothing left to do at shutdown
        }
    }
}
