package org.ccflux.api;

/**
 * A frame list that is not a CC message. {@link #reason()} is a short, stable, log-friendly text
 * such as {@code "no delimiter"}; it never contains message payload.
 *
 * @since 1.0
 */
public final class InvalidMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public InvalidMessageException(String reason) {
        super(reason, null, false, false); // no stack trace: this is an expected, counted outcome
        this.reason = reason;
    }

    /** @return why the frames were refused, without payload bytes */
    public String reason() {
        return reason;
    }
}
