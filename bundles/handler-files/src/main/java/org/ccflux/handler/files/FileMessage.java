package org.ccflux.handler.files;

import com.fasterxml.jackson.databind.JsonNode;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;

/**
 * The fields every file-carrying CC message has ({@code pub.infofile}, {@code pub.logtail}; reference §2.3), checked:
 * {@code hostname}, {@code filename}, {@code comp}, {@code mode} and the {@link Content}. CC indexed these keys
 * blindly and crashed on a missing one; here each problem is a {@link Rejected} naming the field. A handler reads
 * its own fields ({@code mtime}, {@code fpos}, …) from {@link #body()}. Immutable.
 *
 * @since 1.0
 */
public final class FileMessage {
    private final JsonNode body;
    private final String hostname;
    private final String filepath;
    private final String filename;
    private final Codec comp;
    private final String oddMode;
    private final Content content;
    private final int size;

    private FileMessage(JsonNode body, byte[] blob, int size) throws Rejected {
        this.body = body;
        hostname = text(body, "hostname").replace('/', '_');
        filepath = text(body, "filename").replace('\\', '/');
        filename = filepath.substring(filepath.lastIndexOf('/') + 1);
        if (filename.isEmpty() || filename.equals(".") || filename.equals("..")) {
            throw Rejected.invalid("filename '" + filepath + "' does not end in a file name");
        }
        JsonNode compNode = body.path("comp");
        comp = compNode.isMissingNode() || compNode.isNull() ? Codec.NONE : Codec.parse(compNode.asText());
        if (comp == null) {
            throw Rejected.invalid("comp '" + compNode.asText() + "' is not one of \"\", none, gzip, bzip2");
        }
        String mode = body.path("mode").asText("b");
        oddMode = mode.isEmpty() || mode.equals("b") ? null : mode;
        content = Content.of(body, blob);
        this.size = size;
    }

    /** @throws Rejected invalid if the body is not a JSON object with usable common fields */
    public static FileMessage of(CcMessage message) throws Rejected {
        JsonNode body;
        try {
            body = message.json();
        } catch (InvalidMessageException e) {
            throw Rejected.invalid(e.reason()); // "body is not JSON", "body is empty"
        }
        if (!body.isObject()) {
            throw Rejected.invalid("body is not a JSON object");
        }
        return new FileMessage(body, message.blob().orElse(null), message.size());
    }

    /** @return the parsed body (a JSON object), for the handler's own fields; do not modify */
    public JsonNode body() {
        return body;
    }

    /** @return the sender's host name, {@code /} replaced by {@code _} as CC does; not empty */
    public String hostname() {
        return hostname;
    }

    /** @return the sender's path ({@code filename}), {@code \} replaced by {@code /} */
    public String filepath() {
        return filepath;
    }

    /** @return the last component of {@link #filepath()}; never empty, {@code .} or {@code ..} */
    public String filename() {
        return filename;
    }

    /** @return how the content is compressed ({@code comp}; absent or null: {@link Codec#NONE}) */
    public Codec comp() {
        return comp;
    }

    /** @return {@code mode} if it is neither {@code ""} nor {@code b} (CC warns and writes binary anyway), else null */
    public String oddMode() {
        return oddMode;
    }

    public Content content() {
        return content;
    }

    /** @return the message's size on the wire, for queue bounds and overflow counters */
    public int size() {
        return size;
    }

    private static String text(JsonNode body, String field) throws Rejected {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw Rejected.invalid("missing field " + field);
        }
        if (!n.isTextual()) {
            throw Rejected.invalid("field " + field + " is not a string");
        }
        if (n.asText().isEmpty()) {
            throw Rejected.invalid("field " + field + " is empty");
        }
        return n.asText();
    }
}
