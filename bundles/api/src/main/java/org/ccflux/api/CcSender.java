package org.ccflux.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends messages out of the server's ROUTER socket. Registered by the core as an OSGi service.
 *
 * <p>Thread-safe and never blocking: a message that cannot be queued (the egress queue is full) or
 * delivered (the peer named by the first route frame is gone, or its high-water mark is reached) is
 * dropped and counted, and the method returns {@code false} when that is known at once.
 *
 * <p><b>Message security.</b> Messages the server builds ({@link #reply}, {@link #create}) are sealed per the
 * server's {@code cms-*} options: signed with {@code cms-sign} (a detached CMS signature over the JSON, and
 * {@code blob_hash} set when there is a blob), and with {@code cms-encrypt} also encrypted (body {@code ENC1}).
 * Signing costs one RSA private-key operation, about 2 ms for a 2048-bit key: a handler on the socket thread
 * ({@code inline}) that replies to every message limits the server to a few hundred replies a second while
 * signing is on. {@link #send} sends a message as it is: a forwarded message keeps its original signature.
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
     * body's {@code req} field, and the body written as JSON, signed and encrypted per the server's
     * {@code cms-*} options (see the class comment for the cost).
     *
     * @param body the reply body, normally started with {@link CcJson#header(String)}
     * @return false if the reply was dropped before it could be queued
     * @throws IllegalArgumentException if the body has no valid {@code req}
     */
    boolean reply(CcMessage request, ObjectNode body);

    /**
     * Builds a message as this server sends it, without a route (what a DEALER writes, e.g. a ping on an
     * outbound connection): the standard header ({@code req}, {@code time}, {@code hostname},
     * {@code blob_hash}, as {@link CcJson#header}) filled in where {@code body} lacks a field, then signed and
     * encrypted per the server's {@code cms-*} options ({@code blob_hash} protects the blob when signing).
     * {@code body} itself is not modified. Nothing is sent.
     *
     * <p>The server's implementation seals; this default, for implementations without message security
     * (test doubles), only fills in the header and writes the JSON with an empty signature frame.
     *
     * @param type a valid message type
     * @param body the JSON body; its {@code req}, when present, must equal {@code type}
     * @param blob the blob frame, or {@code null} for none
     * @return the message, ready for {@link CcConnection#send} of its {@link CcMessage#frames() frames}
     * @throws IllegalArgumentException if the type is invalid or {@code req} names another type
     * @since 1.1
     */
    default CcMessage create(String type, ObjectNode body, byte[] blob) {
        ObjectNode json = withHeader(type, body);
        return CcMessage.of(List.of(), type, CcJson.toBytes(json), null, blob);
    }

    /**
     * @return {@code body}, or a copy of it with the fields of {@link CcJson#header(String)} it lacks
     * @throws IllegalArgumentException if the type is invalid or {@code req} names another type
     * @since 1.1
     */
    static ObjectNode withHeader(String type, ObjectNode body) {
        if (!MessageType.isValid(type)) {
            throw new IllegalArgumentException("invalid message type '" + type + "'");
        }
        JsonNode req = body.get("req");
        if (req != null && !type.equals(req.asText())) {
            throw new IllegalArgumentException("body req '" + req.asText() + "' does not match type '" + type + "'");
        }
        ObjectNode json = body;
        for (Map.Entry<String, JsonNode> field : CcJson.header(type).properties()) {
            if (!body.has(field.getKey())) {
                if (json == body) {
                    json = body.deepCopy();
                }
                json.set(field.getKey(), field.getValue());
            }
        }
        return json;
    }
}
