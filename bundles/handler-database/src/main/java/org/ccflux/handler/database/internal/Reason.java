package org.ccflux.handler.database.internal;

/**
 * Why a call failed: the {@code reason} field of the {@code error.<type>} reply and the suffix of the counter
 * {@code db.<name>.count.error.<reason>}. The codes are part of the wire contract: clients may switch on them.
 */
enum Reason {
    /** The body is not a JSON object, {@code function} is missing, or {@code return} is not a known mode. */
    BAD_REQUEST("bad-request"),
    /** {@code function} is not {@code name} or {@code schema.name} made of SQL identifier characters. */
    BAD_FUNCTION("bad-function"),
    /** The function is not in {@code allowed-functions}. */
    NOT_ALLOWED("not-allowed"),
    /** {@code params} is not an array or object (or JSON text of one), or a named parameter is not an identifier. */
    BAD_PARAMS("bad-params"),
    /** PostgreSQL has no such function for these argument types (SQLSTATE 42883). */
    UNKNOWN_FUNCTION("unknown-function"),
    /** Any other error raised by PostgreSQL; {@code sqlstate} tells which. */
    SQL_ERROR("sql-error"),
    /** No connection could be had: the call was not sent to the database. */
    NO_CONNECTION("no-connection"),
    /** The connection broke while the call ran: it may or may not have taken effect. */
    CONNECTION_LOST("connection-lost"),
    /** The result has more rows than {@code max-rows}. */
    TOO_MANY_ROWS("too-many-rows"),
    /** {@code return = json}, but the result is not a JSON object with a usable {@code req}. */
    BAD_RESULT("bad-result"),
    /** The queue in front of the workers was full: the call was not run. */
    OVERFLOW("overflow"),
    /** The handler stopped before the call could run. */
    SHUTDOWN("shutdown"),
    /** A bug in the handler; the call may or may not have run. */
    INTERNAL("internal");

    final String code;

    Reason(String code) {
        this.code = code;
    }
}
