package org.ccflux.core.internal.routing;

import org.ccflux.api.CcMessage;

/** Where the dispatcher delivers a routed message: a handler called inline, or a handler's worker lane. */
public interface Target extends AutoCloseable {
    /** @return the handler instance name, for logs and counters */
    String name();

    /**
     * Delivers on the calling (socket) thread: calls the handler, or queues for its workers.
     *
     * @return false if the message was dropped because the handler's queue is full (already counted)
     * @throws Exception what an inline handler threw
     */
    boolean deliver(CcMessage message) throws Exception;

    /** Stops taking messages and releases threads; messages still queued are discarded. */
    @Override
    void close();
}
