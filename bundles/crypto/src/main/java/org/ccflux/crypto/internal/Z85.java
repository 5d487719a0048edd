package org.ccflux.crypto.internal;

import java.util.Arrays;

/** ZeroMQ's Z85 text encoding (RFC 32/Z85), the form CurveZMQ keys are written in: 32 bytes ↔ 40 characters. */
public final class Z85 {
    private static final char[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".toCharArray();
    private static final int[] VALUE = new int[128];

    static {
        Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = i;
        }
    }

    private Z85() {
    }

    /** @throws IllegalArgumentException if the length is not a multiple of 4 */
    public static String encode(byte[] data) {
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 encodes multiples of 4 bytes, got " + data.length);
        }
        StringBuilder out = new StringBuilder(data.length * 5 / 4);
        for (int i = 0; i < data.length; i += 4) {
            long value = ((data[i] & 0xffL) << 24) | ((data[i + 1] & 0xff) << 16) | ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
            char[] group = new char[5];
            for (int j = 4; j >= 0; j--) {
                group[j] = ALPHABET[(int) (value % 85)];
                value /= 85;
            }
            out.append(group);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException if the text is not Z85 (length not a multiple of 5, foreign character, overflow) */
    public static byte[] decode(String text) {
        if (text.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 text has a multiple of 5 characters, got " + text.length());
        }
        byte[] out = new byte[text.length() * 4 / 5];
        for (int i = 0, o = 0; i < text.length(); i += 5, o += 4) {
            long value = 0;
            for (int j = 0; j < 5; j++) {
                char c = text.charAt(i + j);
                int digit = c < 128 ? VALUE[c] : -1;
                if (digit < 0) {
                    throw new IllegalArgumentException("not a Z85 character: '" + c + "'");
                }
                value = value * 85 + digit;
            }
            if (value > 0xffffffffL) {
                throw new IllegalArgumentException("Z85 group out of range at character " + i);
            }
            out[o] = (byte) (value >>> 24);
            out[o + 1] = (byte) (value >>> 16);
            out[o + 2] = (byte) (value >>> 8);
            out[o + 3] = (byte) value;
        }
        return out;
    }
}
