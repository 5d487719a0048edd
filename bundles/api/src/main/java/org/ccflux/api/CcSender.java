package org.ccflux.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends messages out of the server's ROUTER socket. Registered by the core as an OSGi service.
 *
 * <p>Thread-safe and never blocking: a message that cannot be queued (the egress queue is full) or
 * delivered (the peer named by the first route frame is gone, or its high-water mark is reached) is
 * dropped and counted, and the method returns {@code false} when that is known at once.
 *
 * @since 1.0
 */
@ProviderType
public interface CcSender {
    /**
     * Sends a message as is. Its first route frame names the connected peer to deliver to; further
     * route frames travel along for the next hops.
     *
     * @return false if the message was dropped before it could be queued
     */
    boolean send(CcMessage message);

    /**
     * Replies to {@code request}: a new message with the request's route, the type taken from the
     * body's {@code req} field, and the body written as JSON (signed when the server signs).
     *
     * @param body the reply body, normally started with {@link CcJson#header(String)}
     * @return false if the reply was dropped before it could be queued
     * @throws IllegalArgumentException if the body has no valid {@code req}
     */
    boolean reply(CcMessage request, ObjectNode body);
}
