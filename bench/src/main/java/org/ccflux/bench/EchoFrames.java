package org.ccflux.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ccflux.api.CcJson;

/**
 * The frames of the benchmark's CC messages. A request is {@code [seq, '', echo.request, body, '']}: the
 * 8-byte sequence number is the client's own route frame (a request id), which the server hands back in
 * front of the reply, so replies are matched without parsing the body.
 */
final class EchoFrames {
    static final byte[] EMPTY = new byte[0];
    static final byte[] REQUEST_TYPE = "echo.request".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RESPONSE_TYPE = "echo.response".getBytes(StandardCharsets.US_ASCII);
    static final int SEQ_BYTES = Long.BYTES;

    private EchoFrames() {
    }

    /**
     * A CC echo.request body of about {@code size} bytes: the standard header plus {@code target}, padded
     * with a {@code pad} field. Built once per run: the server neither knows nor cares that it repeats.
     */
    static byte[] requestBody(int size) {
        ObjectNode body = CcJson.header("echo.request");
        body.put("target", "ccflux-bench");
        int room = size - CcJson.toBytes(body).length - ",\"pad\":\"\"".length();
        body.put("pad", "x".repeat(Math.max(0, room)));
        return CcJson.toBytes(body);
    }

    /** The body and signature frames every request of a run carries. */
    record Payload(byte[] body, byte[] signature) {
        /** @return an unsigned request of about {@code size} bytes */
        static Payload plain(int size) {
            return new Payload(requestBody(size), EMPTY);
        }
    }

    /**
     * Turns a received request into its answer in place: the frame after the first empty one (the type)
     * becomes {@code echo.response}. The bare servers' whole work.
     *
     * @param frames as a ROUTER receives them, peer identity first
     * @return false if it is not a CC message (no delimiter, or no type after it)
     */
    static boolean answerInPlace(List<byte[]> frames) {
        for (int i = 1; i < frames.size() - 1; i++) {
            if (frames.get(i).length == 0) {
                frames.set(i + 1, RESPONSE_TYPE);
                return true;
            }
        }
        return false;
    }

    static byte[] seqFrame(long seq) {
        return ByteBuffer.allocate(SEQ_BYTES).putLong(seq).array();
    }

    /** @return the sequence number in a route frame, or -1 if the frame is not one of ours */
    static long seq(byte[] frame) {
        return frame.length == SEQ_BYTES ? ByteBuffer.wrap(frame).getLong() : -1;
    }
}
