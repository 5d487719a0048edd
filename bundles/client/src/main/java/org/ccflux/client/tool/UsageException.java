package org.ccflux.client.tool;

/** A command line ccsend cannot act on; exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
