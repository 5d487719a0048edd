package org.ccflux.handler.echo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ccflux.api.CcJson;
import org.ccflux.api.InvalidMessageException;

/**
 * Writes an {@code echo.response} body as bytes: the standard header, then the request's {@code hostname},
 * {@code target} and {@code time} as {@code orig_*}. A missing field is answered as JSON null (CC's echo
 * would crash on it).
 *
 * <p>Echo answers every ping on the socket thread, and a tree of the request plus {@code ObjectMapper} writing
 * the response cost more than the rest of the round trip. So a plain request is only scanned ({@link JsonScan},
 * which still checks that the whole body is JSON), and the three values are copied as the sender wrote them: a
 * time keeps its exact digits.
 */
final class EchoResponse {
    static final String TYPE = "echo.response";
    private static final byte[] NULL = bytes("null");
    private static final byte[] HEAD;
    private static final byte[] HOSTNAME = bytes(",\"orig_hostname\":");
    private static final byte[] TARGET = bytes(",\"orig_target\":");
    private static final byte[] TIME = bytes(",\"orig_time\":");
    private static final byte[] TAIL = bytes("}");
    /** The request's keys whose values the response copies, in the order {@link #write} takes them. */
    private static final byte[][] KEYS = {bytes("hostname"), bytes("target"), bytes("time")};

    static {
        // The header as CcJson writes it, with the time at the end (replaced for every response): one definition
        // of the header fields, not a copy of them.
        ObjectNode header = CcJson.header(TYPE);
        header.remove("time");
        String text = new String(CcJson.toBytes(header), StandardCharsets.UTF_8);
        HEAD = bytes(text.substring(0, text.length() - 1) + ",\"time\":");
    }

    private EchoResponse() {
    }

    /**
     * @param request a plain JSON request body
     * @throws InvalidMessageException if it is not a JSON object
     */
    static byte[] of(byte[] request) throws InvalidMessageException {
        int[] at = JsonScan.topLevelValues(request, KEYS);
        return write(slice(request, at, 0), slice(request, at, 1), slice(request, at, 2));
    }

    /** @param request a request body already parsed (a verified or decrypted one) */
    static byte[] of(JsonNode request) {
        return write(text(request.get("hostname")), text(request.get("target")), text(request.get("time")));
    }

    /** @return the text of key {@code k}'s value as {@link JsonScan} found it, or null if absent */
    private static byte[] slice(byte[] source, int[] spans, int k) {
        return spans[2 * k] < 0 ? null : Arrays.copyOfRange(source, spans[2 * k], spans[2 * k + 1]);
    }

    private static byte[] text(JsonNode value) {
        return value == null ? null : CcJson.toBytes(value);
    }

    /** The time of the last response, as written; a new one only once the millisecond has changed. */
    private static volatile TimeText lastTime = new TimeText(0, NULL);

    private record TimeText(long millis, byte[] text) {
    }

    /** Formatting a BigDecimal for every response cost as much as scanning the request: one per millisecond. */
    private static byte[] now() {
        long millis = System.currentTimeMillis();
        TimeText last = lastTime;
        if (last.millis() != millis) {
            last = new TimeText(millis, bytes(CcJson.time(millis).toPlainString()));
            lastTime = last;
        }
        return last.text();
    }

    private static byte[] write(byte[] hostname, byte[] target, byte[] time) {
        byte[] now = now();
        byte[][] parts = {HEAD, now, HOSTNAME, orNull(hostname), TARGET, orNull(target), TIME, orNull(time), TAIL};
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] orNull(byte[] value) {
        return value == null ? NULL : value;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.UTF_8);
    }
}
