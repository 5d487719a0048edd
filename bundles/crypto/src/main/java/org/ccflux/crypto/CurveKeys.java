package org.ccflux.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.ccflux.crypto.internal.Z85;

/**
 * A CurveZMQ key pair (or a public key alone): the Curve25519 keys ZeroMQ's CURVE mechanism encrypts and
 * authenticates a connection with. Stored in the keystore next to the CMS keys, as one line of Z85 text each:
 * the public key in {@code <dir>/<name>.curve}, the secret key in {@code <dir>/private/<name>.curve}
 * ({@code ccflux keys curve <name>} makes both). Immutable.
 *
 * @since 1.1
 */
public final class CurveKeys {
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] publicKey;
    private final byte[] secretKey;

    private CurveKeys(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** @return a fresh key pair */
    public static CurveKeys generate() {
        return ofSecret(new X25519PrivateKeyParameters(RANDOM));
    }

    /** @return the public key {@code z85} (40 characters) alone */
    public static CurveKeys ofPublic(String z85) {
        return new CurveKeys(decode(z85, "public"), null);
    }

    /** @return the pair of the secret key {@code z85}, its public key derived from it */
    public static CurveKeys ofSecret(String z85) {
        return ofSecret(new X25519PrivateKeyParameters(decode(z85, "secret"), 0));
    }

    private static CurveKeys ofSecret(X25519PrivateKeyParameters secret) {
        return new CurveKeys(secret.generatePublicKey().getEncoded(), secret.getEncoded());
    }

    /** @return the public key, 32 bytes */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** @return the secret key (32 bytes), empty if only the public key is known */
    public Optional<byte[]> secretKey() {
        return Optional.ofNullable(secretKey).map(byte[]::clone);
    }

    /** @return the public key as Z85 text, as ZeroMQ tools print it */
    public String publicText() {
        return Z85.encode(publicKey);
    }

    /**
     * Writes the public key to {@code publicFile} and the secret key to {@code secretFile} (owner-only
     * permissions where the file system has them).
     *
     * @throws IllegalStateException if this holds no secret key
     */
    public void write(Path publicFile, Path secretFile) throws IOException {
        if (secretKey == null) {
            throw new IllegalStateException("a public key alone cannot be written as a pair");
        }
        Files.writeString(publicFile, Z85.encode(publicKey) + "\n", StandardCharsets.US_ASCII);
        Files.deleteIfExists(secretFile);
        Files.createFile(secretFile);
        try {
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection is all there is
        }
        Files.writeString(secretFile, Z85.encode(secretKey) + "\n", StandardCharsets.US_ASCII);
    }

    /** @return the Z85 key in {@code file}: its first line that is neither empty nor a {@code #} comment */
    static String readText(Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t;
                }
            }
        } catch (NoSuchFileException e) {
            throw new KeystoreException(file, "missing; expected a CurveZMQ key (Z85 text)", e);
        } catch (IOException e) {
            throw new KeystoreException(file, "cannot be read: " + e.getMessage(), e);
        }
        throw new KeystoreException(file, "empty; expected a CurveZMQ key (Z85 text)", null);
    }

    private static byte[] decode(String z85, String which) {
        byte[] key;
        try {
            key = Z85.decode(z85.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Z85 " + which + " key: " + e.getMessage(), e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a CurveZMQ " + which + " key is 40 Z85 characters, got " + z85.trim().length());
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveKeys && Arrays.equals(publicKey, ((CurveKeys) o).publicKey)
                && Arrays.equals(secretKey, ((CurveKeys) o).secretKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never the secret key. */
    @Override
    public String toString() {
        return "CurveKeys[" + publicText() + (secretKey != null ? ", with secret" : "") + "]";
    }
}
