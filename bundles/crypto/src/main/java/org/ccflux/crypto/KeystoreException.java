package org.ccflux.crypto;

import java.nio.file.Path;

/**
 * A certificate or private key of the {@link Keystore} cannot be used: the file is missing, unreadable, not
 * PEM, encrypted, or of the wrong kind. The message names the file.
 *
 * @since 1.0
 */
public class KeystoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public KeystoreException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file at fault */
    public Path file() {
        return file;
    }
}
