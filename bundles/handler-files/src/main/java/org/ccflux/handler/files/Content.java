package org.ccflux.handler.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * The content of a file-carrying message (reference §2.3): the blob frame when it is present and not empty, else
 * base64 text in the body's {@code data}. Kept as received until {@link #decode} (on the handler's own lane: it may
 * be megabytes). Still compressed as the message's {@code comp} says.
 *
 * @since 1.0
 */
public final class Content {
    /** A non-empty blob frame, else null. */
    private final byte[] blob;
    /** The base64 text of {@code data} when there is no blob, else null. */
    private final String data;

    private Content(byte[] blob, String data) {
        this.blob = blob;
        this.data = data;
    }

    /**
     * @param blob the message's blob frame, or null; an empty one counts as absent, as in CC
     * @throws Rejected invalid if there is no blob and {@code data} is not a string
     */
    public static Content of(JsonNode body, byte[] blob) throws Rejected {
        if (blob != null && blob.length > 0) {
            return new Content(blob, null);
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isTextual()) {
            throw Rejected.invalid("no content: no blob frame and no data string");
        }
        return new Content(null, data.asText());
    }

    /** @return true if the content is the blob frame, false if it is base64 in {@code data} */
    public boolean inBlob() {
        return blob != null;
    }

    /**
     * @return the bytes as sent (still compressed per the message's {@code comp}); the blob itself, not a copy
     * @throws Rejected oversized past {@code limit} (checked before base64 is decoded, from its length); invalid if
     *         {@code data} is not base64
     */
    public byte[] decode(SizeLimit limit) throws Rejected {
        if (blob != null) {
            limit.check(blob.length);
            return blob;
        }
        // CC's base64 is MIME style (a line break every 76 characters): drop white space, then decode strictly,
        // where Java's MIME decoder would silently skip junk.
        StringBuilder compact = new StringBuilder(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        limit.check(compact.length() / 4L * 3 - 2); // before decoding: what it decodes to, less at most two padding bytes
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("data is not valid base64 (" + e.getMessage() + ")");
        }
        limit.check(decoded.length);
        return decoded;
    }
}
