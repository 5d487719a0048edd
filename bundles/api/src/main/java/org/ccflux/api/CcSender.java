package org.ccflux.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends messages out of the server's ROUTER socket. Registered by the core as an OSGi service.
 *
 * <p>Thread-safe and never blocking: a message that cannot be queued (the egress queue is full) or
 * delivered (the peer named by the first route frame is gone, or its high-water mark is reached) is
 * dropped and counted, and the method returns {@code false} when that is known at once. (On the socket
 * thread, a message to a peer at its high-water mark waits up to 20 ms for room before it is dropped.)
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
     * Replies with a body the handler has already written as JSON text: the fast path for a handler that
     * answers every message on the socket thread (such as echo), where building and writing a tree would cost
     * more than the rest of the round trip. Sealed per the server's {@code cms-*} options like
     * {@link #reply(CcMessage, ObjectNode)}; the bytes are sent, signed or encrypted as they are.
     *
     * <p>The body must be a JSON object whose {@code req} is {@code type}, with the standard header
     * ({@link CcJson#header}). The server does not parse it to check: that would undo the point of the method.
     * This default, for implementations without a fast path (test doubles), parses it, checks {@code req} and
     * calls {@link #reply(CcMessage, ObjectNode)}.
     *
     * @param type the reply's type, a valid message type
     * @param jsonBody UTF-8 JSON text; not copied, so not to be modified afterwards
     * @return false if the reply was dropped before it could be queued
     * @throws IllegalArgumentException if the type is invalid (and, in this default, if the body is not a JSON
     *         object with that {@code req})
     * @since 1.3
     */
    default boolean reply(CcMessage request, String type, byte[] jsonBody) {
        JsonNode body;
        try {
            body = CcJson.MAPPER.readTree(jsonBody);
        } catch (IOException e) {
            throw new IllegalArgumentException("reply body is not JSON", e);
        }
        if (!(body instanceof ObjectNode) || !type.equals(body.path("req").asText(null))) {
            throw new IllegalArgumentException("reply body is not a JSON object with req '" + type + "'");
        }
        return reply(request, (ObjectNode) body);
    }

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
