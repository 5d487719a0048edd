package org.ccflux.handler.delay.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcMessage;

/**
 * The held messages, first in first out, each with its due time; bounded (CC's queue was not, reference §6.5).
 * Thread-safe: the socket thread adds, the handler's timer thread takes.
 */
final class DueQueue {
    private record Held(long dueNanos, CcMessage message) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /** @return false if {@code capacity} messages are already held (the message is not taken) */
    synchronized boolean add(CcMessage message, long dueNanos, int capacity) {
        if (held.size() >= capacity) {
            return false;
        }
        held.addLast(new Held(dueNanos, message));
        return true;
    }

    /** @return the messages at the head that are due at {@code nowNanos}, in order, removed from the queue */
    synchronized List<CcMessage> takeDue(long nowNanos) {
        List<CcMessage> due = new ArrayList<>();
        while (!held.isEmpty() && nowNanos - held.peekFirst().dueNanos() >= 0) {
            due.add(held.pollFirst().message());
        }
        return due;
    }

    /** @return every held message, removed (on shutdown) */
    synchronized List<CcMessage> drain() {
        List<CcMessage> all = new ArrayList<>();
        held.forEach(h -> all.add(h.message()));
        held.clear();
        return all;
    }

    synchronized int size() {
        return held.size();
    }
}
