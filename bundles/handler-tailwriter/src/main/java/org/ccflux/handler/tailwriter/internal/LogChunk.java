package org.ccflux.handler.tailwriter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.ccflux.api.CcMessage;
import org.ccflux.handler.files.FileMessage;
import org.ccflux.handler.files.Rejected;

/**
 * One {@code pub.logtail} message (reference §2.3, as CC's logtail sends it), checked: the fields every
 * file-carrying message has ({@link FileMessage}: {@code hostname}, {@code filename}, {@code comp}, {@code mode},
 * the content) and the tailwriter's own, {@code st_dev}, {@code st_ino}, {@code op_mode} and {@code fpos}. The
 * content is decoded later, on the file's lane.
 */
final class LogChunk {
    enum OpMode { CLASSIC, ROTATED }

    final FileMessage message;
    final SourceId id;
    final OpMode opMode;
    /** {@code op_mode} when it is not one CC knows (CC warns and treats it as classic), else null. */
    final String oddOpMode;
    /** Offset of the chunk's first byte in the source file, or -1 when the message has none. */
    final long fpos;

    private LogChunk(FileMessage message) throws Rejected {
        this.message = message;
        JsonNode body = message.body();
        id = new SourceId(message.hostname(), number(body, "st_dev"), number(body, "st_ino"), message.filepath());
        String op = body.path("op_mode").isNull() ? "" : body.path("op_mode").asText("");
        opMode = op.equals("rotated") ? OpMode.ROTATED : OpMode.CLASSIC;
        oddOpMode = op.isEmpty() || op.equals("classic") || op.equals("rotated") ? null : op;
        fpos = fpos(body.get("fpos"));
    }

    /** @throws Rejected invalid if the body is not a usable {@code pub.logtail} body */
    static LogChunk of(CcMessage message) throws Rejected {
        return new LogChunk(FileMessage.of(message));
    }

    /** {@code st_dev}/{@code st_ino}: optional integers (64-bit unsigned in practice), kept as their text. */
    private static String number(JsonNode body, String field) throws Rejected {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isIntegralNumber() || n.isTextual() && n.asText().matches("\\d{1,20}")) {
            return n.asText();
        }
        throw Rejected.invalid("field " + field + " is not an integer: " + n);
    }

    private static long fpos(JsonNode n) throws Rejected {
        if (n == null || n.isNull()) {
            return -1;
        }
        if (n.isNumber() && n.canConvertToExactIntegral() && n.canConvertToLong() && n.asLong() >= 0) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("\\d{1,18}")) {
            return Long.parseLong(n.asText());
        }
        throw Rejected.invalid("field fpos is not a file offset: " + n);
    }
}
