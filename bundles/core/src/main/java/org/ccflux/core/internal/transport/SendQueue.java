package org.ccflux.core.internal.transport;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import org.ccflux.client.loop.SocketLoop;

/**
 * Messages other threads hand to a socket owned by a {@link SocketLoop}: a bounded queue drained on the loop
 * thread each turn. The loop thread itself bypasses it.
 */
final class SendQueue<T> {
    private static final int DRAIN_BATCH = 1024;

    private final SocketLoop loop;
    private final ArrayBlockingQueue<T> queue;
    private final Runnable drainer;

    /** @param sender sends one item on the loop thread, and counts it if it cannot */
    SendQueue(SocketLoop loop, int capacity, Consumer<T> sender) {
        this.loop = loop;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainer = () -> {
            T item;
            for (int i = 0; i < DRAIN_BATCH && (item = queue.poll()) != null; i++) {
                sender.accept(item);
            }
            if (!queue.isEmpty()) {
                loop.wake(); // more than a batch: come back next turn, after reading input
            }
        };
    }

    /** Installs the drainer; loop thread only. */
    void attach() {
        loop.everyTurn(drainer);
    }

    /** Removes the drainer and returns what was still queued; loop thread only. */
    List<T> detach() {
        loop.removeEveryTurn(drainer);
        List<T> left = new java.util.ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    /** @return false if the queue is full; thread-safe */
    boolean offer(T item) {
        if (!queue.offer(item)) {
            return false;
        }
        loop.wake();
        return true;
    }
}
