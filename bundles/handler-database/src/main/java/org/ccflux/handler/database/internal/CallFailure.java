package org.ccflux.handler.database.internal;

/** A call that cannot be completed, with the reason and text the client gets in its {@code error.<type>} reply. */
final class CallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final Reason reason;
    /** The SQLSTATE of a database error, or null. */
    final String sqlState;

    CallFailure(Reason reason, String message) {
        this(reason, message, null, null);
    }

    CallFailure(Reason reason, String message, String sqlState, Throwable cause) {
        super(message, cause, false, false); // control flow for bad input: no stack trace
        this.reason = reason;
        this.sqlState = sqlState;
    }
}
