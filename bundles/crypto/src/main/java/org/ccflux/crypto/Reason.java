package org.ccflux.crypto;

/**
 * Why a message was refused. {@link #id()} is a stable, lowercase, hyphenated name for counters and logs
 * ({@code count.rejected.bad-signature}); it will not change within major version 1. The declaration order
 * follows the order of the checks (reference §5.4, then the checks CC lacked).
 *
 * @since 1.0
 */
public enum Reason {
    /** {@code cms-decrypt} is set but the body is not {@code ENC1} (CC: "Expect encrypted message"). */
    NOT_ENCRYPTED("not-encrypted"),
    /** The envelope is not addressed to the {@code cms-decrypt} certificate, or cannot be opened with its key. */
    CANNOT_DECRYPT("cannot-decrypt"),
    /** The body is {@code ENC1} but no {@code cms-decrypt} is configured (CC: "Got encrypted msg but cannot decrypt it"). */
    UNEXPECTED_ENCRYPTION("unexpected-encryption"),
    /** {@code cms-verify-ca} is set and the signature frame is empty or missing (CC: "Expect signed message"). */
    UNSIGNED("unsigned"),
    /** The signature or envelope frame is not DER CMS of the expected shape (garbage, wrong content type, content where none belongs). */
    MALFORMED("malformed"),
    /** The signature has more than one signer (CC: "Confused by multiple certs in signature"). */
    MULTIPLE_SIGNERS("multiple-signers"),
    /** The signature does not match the content (tampered body or signature), or uses a digest not accepted. */
    BAD_SIGNATURE("bad-signature"),
    /** The signer certificate is missing, not issued by one of the {@code cms-verify-ca} CAs, or not meant for signing. */
    UNTRUSTED_SIGNER("untrusted-signer"),
    /** The signer's or its CA's certificate is outside its validity dates. */
    EXPIRED_CERTIFICATE("expired-certificate"),
    /** The (verified or plain) body is not a JSON object. */
    INVALID_JSON("invalid-json"),
    /** The body's {@code req} is missing or differs from the type frame (CC: "hijacked message"). */
    HIJACKED("hijacked"),
    /** {@code cms-time-window} is on and {@code time} is missing or too far from the local clock. */
    STALE("stale"),
    /** A blob is attached to a signed message but {@code blob_hash} is missing or empty. */
    BLOB_HASH_MISSING("blob-hash-missing"),
    /** {@code blob_hash} is not of the form {@code SHA-1:<hex>} (CC: "unsupported hash type"). */
    BLOB_HASH_UNSUPPORTED("blob-hash-unsupported"),
    /** {@code blob_hash} does not match the attached blob. */
    BLOB_HASH_MISMATCH("blob-hash-mismatch"),
    /** {@code blob_hash} is set but no blob frame is attached (CC: "blob hash exists without blob"). */
    BLOB_HASH_WITHOUT_BLOB("blob-hash-without-blob"),
    /** The {@code cms-allow} list does not let this signer send this type. */
    NOT_ALLOWED("not-allowed"),
    /** A copy of this signed message was already accepted within the time window ({@code cms-replay-cache}). */
    REPLAYED("replayed");

    private final String id;

    Reason(String id) {
        this.id = id;
    }

    /** @return the stable counter-friendly name, e.g. {@code bad-signature} */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
