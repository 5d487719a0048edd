package org.ccflux.handler.infowriter.internal;

/**
 * A message this handler will not write, with the reason. Expected input errors, not bugs: no stack
 * trace is captured, and each kind has its own counter.
 */
final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** Not a usable {@code pub.infofile} body: missing or ill-typed field, bad base64, unknown or corrupt compression. */
        INVALID,
        /** The content, or what it decompresses to, is larger than {@code max-file-size}. */
        OVERSIZED,
        /** The destination would lie outside {@code dstdir} (CC's "suspicious file path"). */
        REFUSED
    }

    final Kind kind;

    Rejected(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static Rejected invalid(String message) {
        return new Rejected(Kind.INVALID, message);
    }

    static Rejected refused(String message) {
        return new Rejected(Kind.REFUSED, message);
    }
}
