package org.ccflux.handler.echo.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ccflux.api.CcJson;
import org.ccflux.api.InvalidMessageException;

/**
 * Checks that a body is one JSON object (RFC 8259, strict: UTF-8, no trailing content, nesting up to Jackson's
 * default limit) and notes where the values of some of its top-level keys are, without building anything.
 *
 * <p>Echo answers every ping on the socket thread, and Jackson's streaming parser, reading every token with its
 * location to find three values, cost more than the rest of the server's work on a message. This reads each
 * byte once. Jackson stays the reference: {@code JsonScanTest} checks both accept and refuse the same bodies.
 */
final class JsonScan {
    /** Jackson's nesting limit, as configured: deeper input is refused, not read into a deep recursion. */
    static final int MAX_DEPTH = StreamReadConstraints.defaults().getMaxNestingDepth();

    private final byte[] in;
    private final byte[][] keys;
    private final int[] spans;
    private int pos;

    private JsonScan(byte[] in, byte[][] keys) {
        this.in = in;
        this.keys = keys;
        this.spans = new int[keys.length * 2];
        Arrays.fill(spans, -1);
    }

    /**
     * @param keys top-level keys, UTF-8
     * @return for key i, the value's text is {@code json[spans[2i], spans[2i+1])} (the last of a duplicate key),
     *         or -1, -1 if the key is absent
     * @throws InvalidMessageException if {@code json} is not exactly one JSON object
     */
    static int[] topLevelValues(byte[] json, byte[]... keys) throws InvalidMessageException {
        JsonScan s = new JsonScan(json, keys);
        if (json.length >= 3 && json[0] == (byte) 0xEF && json[1] == (byte) 0xBB && json[2] == (byte) 0xBF) {
            s.pos = 3; // a UTF-8 byte order mark, which Jackson (and so every other ccflux handler) accepts
        }
        s.whitespace();
        boolean object = s.pos < json.length && json[s.pos] == '{';
        s.value(0, object);
        s.whitespace();
        if (s.pos != json.length) {
            throw s.invalid("content after the value");
        }
        if (!object) {
            throw new InvalidMessageException("body is not a JSON object");
        }
        return s.spans;
    }

    private void value(int depth) throws InvalidMessageException {
        value(depth, false);
    }

    /** @param top whether an object here is the body, whose keys are looked for */
    private void value(int depth, boolean top) throws InvalidMessageException {
        switch (next()) {
            case '{' -> object(depth + 1, top);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    /** At the '{'; notes the values of {@link #keys} if {@code top}. */
    private void object(int depth, boolean top) throws InvalidMessageException {
        if (emptyAfterOpening(depth, '}')) {
            return;
        }
        do {
            whitespace();
            int keyStart = pos;
            boolean escaped = string();
            int key = top ? keyIndex(keyStart, pos, escaped) : -1;
            whitespace();
            expect(':');
            whitespace();
            int valueStart = pos;
            value(depth);
            if (key >= 0) {
                spans[2 * key] = valueStart;
                spans[2 * key + 1] = pos;
            }
        } while (anotherBefore('}'));
    }

    private void array(int depth) throws InvalidMessageException {
        if (emptyAfterOpening(depth, ']')) {
            return;
        }
        do {
            whitespace();
            value(depth);
        } while (anotherBefore(']'));
    }

    /** At a container's opening bracket: moves past it, and past {@code close} too if the container is empty. */
    private boolean emptyAfterOpening(int depth, char close) throws InvalidMessageException {
        if (depth > MAX_DEPTH) {
            throw invalid("nested deeper than " + MAX_DEPTH);
        }
        pos++;
        whitespace();
        if (next() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /** After a member or element: true past a ',', false past {@code close}. */
    private boolean anotherBefore(char close) throws InvalidMessageException {
        whitespace();
        if (next() == ',') {
            pos++;
            return true;
        }
        expect(close);
        return false;
    }

    /** @return whether the string has an escape */
    private boolean string() throws InvalidMessageException {
        expect('"');
        boolean escaped = false;
        byte[] bytes = in;
        int p = pos;
        while (p < bytes.length) {
            byte b = bytes[p++];
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue; // printable ASCII: most of any body, so the loop is kept tight
            }
            pos = p;
            if (b == '"') {
                return escaped;
            } else if (b == '\\') {
                escape();
                escaped = true;
            } else if (b >= 0) {
                throw invalid("control character in a string");
            } else {
                utf8(b & 0xFF);
            }
            p = pos;
        }
        pos = p;
        throw invalid("unexpected end");
    }

    private void escape() throws InvalidMessageException {
        byte e = next();
        pos++;
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int i = 0; i < 4; i++) {
                    if (Character.digit(next(), 16) < 0) {
                        throw invalid("bad \\u escape");
                    }
                    pos++;
                }
            }
            default -> throw invalid("bad escape");
        }
    }

    /** After the lead byte {@code lead} of a multi-byte character: its continuation bytes, as RFC 3629 allows them. */
    private void utf8(int lead) throws InvalidMessageException {
        int count;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            min = lead == 0xE0 ? 0xA0 : 0x80; // no overlong form
            max = lead == 0xED ? 0x9F : 0xBF; // no surrogate
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 3;
            min = lead == 0xF0 ? 0x90 : 0x80;
            max = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            throw invalid("not UTF-8");
        }
        for (int i = 0; i < count; i++) {
            int b = next() & 0xFF;
            if (b < min || b > max) {
                throw invalid("not UTF-8");
            }
            min = 0x80;
            max = 0xBF;
            pos++;
        }
    }

    private void number() throws InvalidMessageException {
        if (next() == '-') {
            pos++;
        }
        if (next() == '0') {
            pos++;
        } else if (isDigit(next())) {
            digits();
        } else {
            throw invalid("unexpected character");
        }
        if (pos < in.length && in[pos] == '.') {
            pos++;
            digits();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (next() == '+' || next() == '-') {
                pos++;
            }
            digits();
        }
    }

    /** One or more. */
    private void digits() throws InvalidMessageException {
        if (!isDigit(next())) {
            throw invalid("bad number");
        }
        while (pos < in.length && isDigit(in[pos])) {
            pos++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void literal(String word) throws InvalidMessageException {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw invalid("unexpected character");
            }
            pos++;
        }
    }

    private void whitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
            pos++;
        }
    }

    private void expect(char c) throws InvalidMessageException {
        if (next() != c) {
            throw invalid("expected '" + c + "'");
        }
        pos++;
    }

    /** @return the byte at the position, which must exist */
    private byte next() throws InvalidMessageException {
        if (pos >= in.length) {
            throw invalid("unexpected end");
        }
        return in[pos];
    }

    /** @param start the opening quote, @param end after the closing one */
    private int keyIndex(int start, int end, boolean escaped) throws InvalidMessageException {
        if (escaped) {
            return keyIndex(decoded(start, end)); // "host\u006eame" is still hostname
        }
        int length = end - start - 2;
        for (int k = 0; k < keys.length; k++) {
            if (keys[k].length == length && Arrays.equals(in, start + 1, end - 1, keys[k], 0, length)) {
                return k;
            }
        }
        return -1;
    }

    private int keyIndex(byte[] key) {
        for (int k = 0; k < keys.length; k++) {
            if (Arrays.equals(keys[k], key)) {
                return k;
            }
        }
        return -1;
    }

    /** A key with escapes, decoded by Jackson: rare, so not worth a decoder of its own. */
    private byte[] decoded(int start, int end) throws InvalidMessageException {
        try {
            return CcJson.MAPPER.readValue(in, start, end - start, String.class).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("bad key");
        }
    }

    private InvalidMessageException invalid(String what) {
        return new InvalidMessageException("body is not JSON: " + what + " at byte " + pos);
    }
}
