package org.ccflux.handler.infowriter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;

/**
 * The fields of one {@code pub.infofile} message the writer needs (reference §2.3), checked: {@code hostname},
 * {@code filename}, {@code mtime}, {@code comp}, {@code mode} and the content, from the blob frame when it
 * is present and non-empty, else base64 in {@code data}. CC indexed these keys blindly and crashed on a
 * missing one; here each problem is a {@link Rejected} naming the field.
 */
final class InfoFile {
    /** 9999-12-31T23:59:59Z: anything later is not a file time. */
    private static final BigDecimal MAX_MTIME = BigDecimal.valueOf(253_402_300_799L);

    /** The sender's host name, {@code /} replaced by {@code _} as CC does. */
    final String hostname;
    /** The sender's path, {@code \} replaced by {@code /}. */
    final String filepath;
    /** The last component of {@link #filepath}. */
    final String filename;
    final FileTime mtime;
    /** How the content is compressed. */
    final Codec comp;
    /** {@code mode} was neither {@code ""} nor {@code b} (CC warns and writes binary anyway). */
    final boolean oddMode;
    /** A non-empty blob frame, else null. */
    private final byte[] blob;
    /** The base64 text of {@code data} when there is no blob, else null. */
    private final String data;

    private InfoFile(JsonNode body, byte[] blob) throws Rejected {
        hostname = text(body, "hostname").replace('/', '_');
        filepath = text(body, "filename").replace('\\', '/');
        filename = filepath.substring(filepath.lastIndexOf('/') + 1);
        if (filename.isEmpty() || filename.equals(".") || filename.equals("..")) {
            throw Rejected.invalid("filename '" + filepath + "' does not end in a file name");
        }
        mtime = mtime(body.get("mtime"));
        JsonNode compNode = body.path("comp");
        comp = compNode.isMissingNode() || compNode.isNull() ? Codec.NONE : Codec.parse(compNode.asText());
        if (comp == null) {
            throw Rejected.invalid("comp '" + compNode.asText() + "' is not one of \"\", none, gzip, bzip2");
        }
        String mode = body.path("mode").asText("b");
        oddMode = !mode.isEmpty() && !mode.equals("b");
        this.blob = blob;
        JsonNode dataNode = body.get("data");
        if (blob == null && (dataNode == null || !dataNode.isTextual())) {
            throw Rejected.invalid("no content: no blob frame and no data string");
        }
        this.data = blob == null ? dataNode.asText() : null;
    }

    /** @throws Rejected invalid if the body is not a usable {@code pub.infofile} body */
    static InfoFile of(CcMessage message) throws Rejected {
        JsonNode body;
        try {
            body = message.json();
        } catch (InvalidMessageException e) {
            throw Rejected.invalid("body is not JSON (" + e.reason() + ")");
        }
        if (!body.isObject()) {
            throw Rejected.invalid("body is not a JSON object");
        }
        byte[] blob = message.blob().filter(b -> b.length > 0).orElse(null);
        return new InfoFile(body, blob);
    }

    /**
     * @return the content as sent (still compressed per {@link #comp})
     * @throws Rejected oversized past {@code limit}; invalid if {@code data} is not base64
     */
    byte[] content(long limit) throws Rejected {
        if (blob != null) {
            if (blob.length > limit) {
                throw oversized(blob.length, limit);
            }
            return blob;
        }
        // CC's base64 is MIME style (a newline every 76 characters); the strict decoder, after dropping line
        // breaks, refuses anything else, where Java's MIME decoder would silently skip junk.
        StringBuilder compact = new StringBuilder(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        long decodedLength = compact.length() / 4L * 3;
        if (decodedLength - 2 > limit) {
            throw oversized(decodedLength, limit);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("data is not valid base64 (" + e.getMessage() + ")");
        }
        if (decoded.length > limit) {
            throw oversized(decoded.length, limit);
        }
        return decoded;
    }

    private static Rejected oversized(long size, long limit) {
        return new Rejected(Rejected.Kind.OVERSIZED, "content of " + size + " bytes exceeds max-file-size (" + limit + " bytes)");
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

    /** CC sends epoch seconds as a float (testmsg an integer); a numeric string is accepted too. */
    private static FileTime mtime(JsonNode n) throws Rejected {
        if (n == null || n.isNull()) {
            throw Rejected.invalid("missing field mtime");
        }
        BigDecimal seconds;
        try {
            seconds = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
        } catch (NumberFormatException e) {
            throw Rejected.invalid("field mtime is not a number: '" + n.asText() + "'");
        }
        if (seconds.signum() < 0 || seconds.compareTo(MAX_MTIME) > 0) {
            throw Rejected.invalid("field mtime is out of range: " + seconds.toPlainString());
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return FileTime.from(Instant.ofEpochSecond(whole, nanos));
    }
}
