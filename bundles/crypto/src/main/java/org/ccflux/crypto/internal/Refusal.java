package org.ccflux.crypto.internal;

import org.ccflux.crypto.Reason;

/**
 * Internal control flow for "reject this message": thrown by the checkers, turned into
 * {@code OpenResult.Rejected} by {@code MessageOpener}. Never leaves this bundle. No stack trace: a flood of
 * bad messages must not cost a stack walk each.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Reason reason;

    public Refusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
