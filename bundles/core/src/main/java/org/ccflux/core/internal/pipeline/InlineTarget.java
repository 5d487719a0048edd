package org.ccflux.core.internal.pipeline;

import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.internal.routing.Target;

/** A non-blocking handler called directly on the socket thread: no hop, no queue. */
final class InlineTarget implements Target {
    private final String name;
    private final MessageHandler handler;

    InlineTarget(String name, MessageHandler handler) {
        this.name = name;
        this.handler = handler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deliver(CcMessage message) throws Exception {
        handler.handle(message);
        return true;
    }

    @Override
    public void close() {
        // nothing owned
    }
}
