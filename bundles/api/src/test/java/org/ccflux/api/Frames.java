package org.ccflux.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared test helpers of the api module: frames written as strings. */
final class Frames {
    private Frames() {
    }

    /** @return the UTF-8 bytes of {@code s} */
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a mutable frame list, one frame per string ({@code ""} is an empty frame) */
    static List<byte[]> frames(String... parts) {
        List<byte[]> out = new ArrayList<>();
        for (String p : parts) {
            out.add(b(p));
        }
        return out;
    }

    /** @return the frames as strings, for readable assertions */
    static List<String> text(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            out.add(new String(f, StandardCharsets.UTF_8));
        }
        return out;
    }
}
