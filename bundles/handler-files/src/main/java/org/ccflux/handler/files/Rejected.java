package org.ccflux.handler.files;

/**
 * A message a file-writing handler will not write, with the reason. Expected input errors, not bugs: no stack
 * trace is captured, and each {@link Kind} has its own counter ({@link FileCounters#rejected}).
 *
 * @since 1.0
 */
public final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a message was rejected; each kind is one counter. */
    public enum Kind {
        /**
         * Not a usable body: a missing or ill-typed field, bad base64, unknown or corrupt compression
         * ({@code count.invalid}).
         */
        INVALID,
        /** The content, or what it decompresses to, is larger than the handler's {@link SizeLimit} ({@code count.oversized}). */
        OVERSIZED,
        /** The destination would lie outside {@code dstdir}: CC's "suspicious file path" ({@code count.refused}). */
        REFUSED
    }

    private final Kind kind;

    /** @param message what is wrong, for the log line; names the field or option */
    public Rejected(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static Rejected invalid(String message) {
        return new Rejected(Kind.INVALID, message);
    }

    public static Rejected refused(String message) {
        return new Rejected(Kind.REFUSED, message);
    }

    public Kind kind() {
        return kind;
    }
}
