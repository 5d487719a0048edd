package org.ccflux.client;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.SocketLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The way out of one DEALER: a bounded queue in front of the socket, drained on the loop thread.
 *
 * <p>While the socket is at its high-water mark (server slow, down or not yet up) messages wait in the queue,
 * in order, and the loop resumes writing when ZeroMQ has room. Only a full queue drops: the message is
 * counted and its request, if any, fails at once. Memory is bounded by HWM + queue capacity.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Bounds one turn's drain, so producers cannot keep the loop from reading. */
    private static final int DRAIN_BATCH = 1024;

    final ZMQ.Socket socket;
    /** {@link #drain} as one instance, to add and remove it as the loop's every-turn hook. */
    final Runnable drainHook = this::drain;
    private final SocketLoop loop;
    private final BlockingQueue<CcMessage> queue;
    private final BiConsumer<CcMessage, String> onDrop;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    Outbox(SocketLoop loop, ZMQ.Socket socket, int capacity, BiConsumer<CcMessage, String> onDrop) {
        this.loop = loop;
        this.socket = socket;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onDrop = onDrop;
    }

    /** Queues {@code message} for the loop thread; any thread. @return false if the queue is full (dropped) */
    boolean offer(CcMessage message) {
        if (!queue.offer(message)) {
            drop(message, "send queue full");
            return false;
        }
        loop.wake();
        return true;
    }

    /** Writes {@code message} now if nothing is waiting before it, else queues it; loop thread. */
    boolean write(CcMessage message) {
        if (queue.isEmpty() && trySend(message)) {
            return true;
        }
        return offer(message);
    }

    /** Writes what is queued until the socket is full; loop thread (an every-turn hook). */
    void drain() {
        CcMessage head;
        for (int n = 0; n < DRAIN_BATCH && (head = queue.peek()) != null; n++) {
            if (!trySend(head)) {
                loop.awaitRoom(socket);
                return;
            }
            queue.poll();
        }
        if (!queue.isEmpty()) {
            loop.wake(); // another turn soon, after the sockets had theirs
        }
    }

    /** Writes what the socket takes and drops the rest; loop thread, before the socket closes. */
    void flush() {
        CcMessage message;
        while ((message = queue.poll()) != null) {
            if (!trySend(message)) {
                drop(message, "client closed with the server not taking messages");
            }
        }
    }

    /** @return false if ZeroMQ has no room now; true if the message was written, or refused for good (counted) */
    private boolean trySend(CcMessage message) {
        try {
            if (!SocketLoop.sendMultipart(socket, message.frames())) {
                return false;
            }
        } catch (ZMQException e) {
            drop(message, e.getMessage());
            return true;
        }
        sent.increment();
        return true;
    }

    void drop(CcMessage message, String reason) {
        dropped.increment();
        LOG.debug("dropped {}: {}", message.type(), reason);
        onDrop.accept(message, reason);
    }

    long sent() {
        return sent.sum();
    }

    long dropped() {
        return dropped.sum();
    }
}
