package org.ccflux.core.internal.pipeline;

/** Counter names of the server, CC's where CC has one. */
public final class StatNames {
    public static final String COUNT = "count";
    public static final String BYTES = "bytes";
    public static final String SECONDS = "seconds";
    public static final String INVALID = "count.invalid";
    /** CC's message outcomes: delivered, no route, a handler threw. */
    public static final String OK = "ok";
    public static final String DROPPED = "dropped";
    public static final String CRASHED = "crashed";
    /** A handler's queue was full: not CC's {@code count.dropped}, which means "no route". */
    public static final String OVERFLOW_COUNT = "count.overflow";
    public static final String OVERFLOW_BYTES = "bytes.overflow";
    /** Routed to a handler that was being removed at that moment. */
    public static final String GONE_COUNT = "count.handler-gone";
    public static final String GONE_BYTES = "bytes.handler-gone";
    /** A message could not leave the ROUTER: egress queue full, peer gone or at its high-water mark. */
    public static final String SEND_DROPPED_COUNT = "count.send-dropped";
    public static final String SEND_DROPPED_BYTES = "bytes.send-dropped";
    /** Messages sent out of the ROUTER (replies, forwards). */
    public static final String SENT_COUNT = "count.sent";
    public static final String SENT_BYTES = "bytes.sent";
    /** Refused by the security stage ({@code cms-verify-ca}, {@code cms-decrypt}, {@code cms-time-window}, …). */
    public static final String REJECTED_COUNT = "count.rejected";
    public static final String REJECTED_BYTES = "bytes.rejected";
    /** Followed by the reason id, e.g. {@code count.rejected.bad-signature}. */
    public static final String REJECTED_PREFIX = "count.rejected.";

    private StatNames() {
    }
}
