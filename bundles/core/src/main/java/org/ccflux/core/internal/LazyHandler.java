package org.ccflux.core.internal;

import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A handler service fetched on its first message, not when it is bound. Handlers depend on the server's
 * {@code CcSender}; getting them while the server itself is activating would be a circular activation
 * that SCR refuses. Fetched lazily, the server is always fully up by then.
 */
final class LazyHandler implements MessageHandler {
    private final BundleContext context;
    private final ServiceReference<MessageHandler> reference;
    private volatile MessageHandler service;
    private volatile boolean released;

    LazyHandler(BundleContext context, ServiceReference<MessageHandler> reference) {
        this.context = context;
        this.reference = reference;
    }

    @Override
    public void handle(CcMessage message) throws Exception {
        MessageHandler h = service;
        if (h == null) {
            h = fetch();
        }
        h.handle(message);
    }

    private synchronized MessageHandler fetch() {
        if (service == null && !released) {
            service = context.getService(reference);
        }
        if (service == null) {
            throw new IllegalStateException("handler service " + reference.getProperty("component.name")
                    + " is not available (its component failed to activate or is going away)");
        }
        return service;
    }

    synchronized void release() {
        released = true;
        if (service != null) {
            service = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException e) {
                // our bundle context is already invalid: the framework released it for us
            }
        }
    }
}
