package org.ccflux.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands a message to another handler instance by its name, as CC's {@code filter} and {@code delay} handlers do
 * with {@code forward-to}. Registered by the core as an OSGi service.
 *
 * <p>The message goes to the named handler the way routing would deliver it: an {@code inline} handler is called
 * on the server's socket thread (a call from another thread is handed over to it, so an inline handler is never
 * called from two threads), a {@code worker} handler gets it queued on its lane (a full queue drops it and counts
 * {@code count.overflow}). A handler with no {@code routes} receives forwarded messages only.
 *
 * @since 1.2
 */
@ProviderType
public interface CcForwarder {
    /**
     * @param handlerName the target's instance name ({@link HandlerNames})
     * @return completes with true once the message was handed to the handler (called, or queued for its workers),
     *         false if no handler of that name is bound and allowed in the server's role, or its queue is full;
     *         exceptionally with what an inline handler threw. On the socket thread it is complete on return.
     */
    CompletionStage<Boolean> forward(String handlerName, CcMessage message);
}
