package org.ccflux.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.internal.Bc;
import org.ccflux.crypto.internal.Decryptor;
import org.ccflux.crypto.internal.Refusal;
import org.ccflux.crypto.internal.ReplayCache;
import org.ccflux.crypto.internal.SignatureChecker;
import org.ccflux.crypto.internal.SignatureChecker.Verified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks incoming CC messages and yields their trusted JSON body, in CC's order (reference §5.4):
 * <ol>
 * <li>{@code cms-decrypt} set: the body must be {@code ENC1}; the envelope is decrypted and the embedded
 * signature verified;</li>
 * <li>otherwise a body of {@code ENC1} is refused;</li>
 * <li>{@code cms-verify-ca} set: a signature is required and the detached signature over the body bytes is
 * verified: one signer, certificate issued by one of the CAs, signer and CA within their validity dates;</li>
 * <li>no CA: no crypto, any signature is ignored;</li>
 * <li>the JSON object's {@code req} must equal the type frame;</li>
 * <li>{@code cms-time-window}: {@code time} must be within the window of the local clock;</li>
 * <li>blob rules: with a blob frame on a signed or verifying path, {@code blob_hash} must be
 * {@code SHA-1:<hex>} of the blob; without a blob frame, {@code blob_hash} must be empty;</li>
 * </ol>
 * then, beyond CC, the {@code cms-allow} list and the replay cache (only messages that passed everything
 * else are remembered, so a refused copy cannot block the genuine one).
 *
 * <p>Never throws for bad input: every parse or crypto failure is a {@link OpenResult.Rejected} with its
 * {@link Reason}. Thread-safe and lock-free. Verification costs one RSA public-key operation plus parsing
 * (about 0.15 ms at 2048 bits; path validation is cached per signer certificate); decryption costs one RSA
 * private-key operation (about 1.7 ms). Call it from worker threads.
 *
 * @since 1.0
 */
public final class MessageOpener {
    private static final Logger LOG = LoggerFactory.getLogger(MessageOpener.class);
    private static final byte[] EMPTY = new byte[0];
    private static final long WARN_INTERVAL_MS = 60_000;

    private final Clock clock;
    private final SignatureChecker checker;
    private final Decryptor decryptor;
    private final long windowMillis;
    private final ReplayCache replay;
    private final AllowList allow;
    private final AtomicLong lastEvictionWarning = new AtomicLong();
    private final AtomicLong warnedEvictions = new AtomicLong();

    private MessageOpener(Clock clock, SignatureChecker checker, Decryptor decryptor, long windowMillis,
            ReplayCache replay, AllowList allow) {
        this.clock = clock;
        this.checker = checker;
        this.decryptor = decryptor;
        this.windowMillis = windowMillis;
        this.replay = replay;
        this.allow = allow;
    }

    /** @return {@link #create(CryptoOptions, Clock)} with the system clock */
    public static MessageOpener create(CryptoOptions options) {
        return create(options, Clock.systemUTC());
    }

    /**
     * Loads the {@code cms-verify-ca} certificates and the {@code cms-decrypt} key and certificate.
     *
     * @param clock the time for the window and for certificate validity
     * @throws IllegalArgumentException naming the property and the file if one cannot be used
     */
    public static MessageOpener create(CryptoOptions options, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        Keystore keystore = options.keystore();
        SignatureChecker checker = null;
        if (!options.verifyCa().isEmpty()) {
            List<X509Certificate> cas = new ArrayList<>();
            for (String ca : options.verifyCa()) {
                cas.add(load(CryptoOptions.VERIFY_CA, () -> keystore.certificate(ca)));
            }
            checker = new SignatureChecker(cas);
        }
        Decryptor decryptor = null;
        if (options.decrypt().isPresent()) {
            String name = options.decrypt().get();
            X509Certificate cert = load(CryptoOptions.DECRYPT, () -> keystore.certificate(name));
            PrivateKey key = load(CryptoOptions.DECRYPT, () -> keystore.privateKey(name));
            if (!key.getAlgorithm().equals("RSA") || !cert.getPublicKey().getAlgorithm().equals("RSA")) {
                throw new IllegalArgumentException(CryptoOptions.DECRYPT + ": " + keystore.privateKeyFile(name)
                        + " must be an RSA key (CC's envelopes use RSA key transport)");
            }
            try {
                decryptor = new Decryptor(cert, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(CryptoOptions.DECRYPT + ": " + keystore.certificateFile(name) + ": "
                        + e.getMessage(), e);
            }
        }
        ReplayCache replay = options.replayCache() ? new ReplayCache(options.replayCacheSize()) : null;
        return new MessageOpener(clock, checker, decryptor, options.timeWindow().toMillis(), replay,
                options.allow().orElse(null));
    }

    /** @return the checks' verdict on {@code message}'s type, body, signature and blob frames */
    public OpenResult open(CcMessage message) {
        return open(message.type(), message.body(), message.signature(), message.blob().orElse(null));
    }

    /**
     * @param type the type (destination) frame
     * @param body the body frame
     * @param signature the signature frame; {@code null} or empty when missing
     * @param blob the blob frame, {@code null} when missing (an empty array is a present, empty blob)
     * @return never {@code null}; never throws for any content of the frames
     */
    public OpenResult open(String type, byte[] body, byte[] signature, byte[] blob) {
        try {
            return check(type, body == null ? EMPTY : body, signature == null ? EMPTY : signature, blob);
        } catch (Refusal r) {
            return new OpenResult.Rejected(r.reason(), r.detail());
        } catch (RuntimeException | StackOverflowError e) {
            // a parser corner case nobody mapped: still a clean refusal, never a crash of the caller
            return new OpenResult.Rejected(Reason.MALFORMED, "unreadable message: " + e);
        }
    }

    private OpenResult check(String type, byte[] body, byte[] signature, byte[] blob) throws Refusal {
        long now = clock.millis();
        boolean encrypted = Arrays.equals(body, MessageSealer.ENC1);
        Verified verified = null;
        byte[] text;
        if (decryptor != null) {
            if (!encrypted) {
                throw new Refusal(Reason.NOT_ENCRYPTED, "expected an encrypted message (body ENC1)");
            }
            if (checker == null) { // parse() refuses this configuration; kept for CC's order
                throw new Refusal(Reason.CANNOT_DECRYPT, "cms-decrypt without cms-verify-ca");
            }
            if (signature.length == 0) {
                throw new Refusal(Reason.MALFORMED, "body ENC1 but no envelope in the signature frame");
            }
            verified = checker.verifyAttached(decryptor.decrypt(signature), Instant.ofEpochMilli(now));
            text = verified.content;
        } else if (encrypted) {
            throw new Refusal(Reason.UNEXPECTED_ENCRYPTION, "got an encrypted message but cms-decrypt is not set");
        } else if (checker != null) {
            if (signature.length == 0) {
                throw new Refusal(Reason.UNSIGNED, "expected a signed message");
            }
            verified = checker.verifyDetached(body, signature, Instant.ofEpochMilli(now));
            text = body;
        } else {
            text = body;
        }

        ObjectNode json = parse(text);
        JsonNode req = json.get("req");
        if (req == null || !req.isTextual() || !req.asText().equals(type)) {
            throw new Refusal(Reason.HIJACKED, "req " + (req == null ? "missing" : "'" + shorten(req.asText()) + "'")
                    + " but type frame '" + type + "'");
        }
        double time = Double.NaN;
        if (windowMillis > 0) {
            JsonNode t = json.get("time");
            if (t == null || !t.isNumber()) {
                throw new Refusal(Reason.STALE, "no numeric time");
            }
            time = t.asDouble();
            double skew = now / 1000.0 - time;
            if (Math.abs(skew) * 1000 > windowMillis) {
                throw new Refusal(Reason.STALE, String.format("time is %.1f s %s local time (window %d s)", Math.abs(skew),
                        skew > 0 ? "behind" : "ahead of", windowMillis / 1000));
            }
        }
        checkBlob(json, blob, signature.length > 0);
        Signer signer = verified == null ? null : verified.signer;
        if (allow != null && !allow.permits(signer, type)) {
            throw new Refusal(Reason.NOT_ALLOWED, (signer == null ? "unsigned" : signer.subject()) + " may not send " + type);
        }
        if (replay != null && verified != null
                && !replay.record(ReplayCache.key(verified.signatureValue), (long) (time * 1000) + windowMillis, now)) {
            throw new Refusal(Reason.REPLAYED, "a copy of this message signed by " + signer + " was accepted already");
        }
        warnIfEvicting();
        return new OpenResult.Accepted(json, text, signer);
    }

    private static ObjectNode parse(byte[] text) throws Refusal {
        JsonNode node;
        try {
            node = CcJson.MAPPER.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw new Refusal(Reason.INVALID_JSON, "body is not JSON");
        }
        if (!(node instanceof ObjectNode)) {
            throw new Refusal(Reason.INVALID_JSON, "body is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private void checkBlob(ObjectNode json, byte[] blob, boolean signed) throws Refusal {
        JsonNode hash = json.get("blob_hash");
        boolean hashSet = hash != null && !hash.isNull() && !(hash.isTextual() && hash.asText().isEmpty());
        if (blob == null) {
            if (hashSet) {
                throw new Refusal(Reason.BLOB_HASH_WITHOUT_BLOB, "blob_hash is set but no blob is attached");
            }
            return;
        }
        if (checker == null && !signed) {
            return; // CC: neither verifying nor signed, blob_hash is not looked at
        }
        if (!hashSet) {
            throw new Refusal(Reason.BLOB_HASH_MISSING, "a blob is attached but blob_hash is missing");
        }
        String value = hash.isTextual() ? hash.asText() : "";
        int colon = value.indexOf(':');
        if (colon < 0 || !value.substring(0, colon).equals("SHA-1")) {
            throw new Refusal(Reason.BLOB_HASH_UNSUPPORTED, "blob_hash '" + shorten(value.isEmpty() ? hash.toString() : value)
                    + "' is not SHA-1:<hex>");
        }
        if (!value.substring(colon + 1).equalsIgnoreCase(Bc.sha1Hex(blob))) {
            throw new Refusal(Reason.BLOB_HASH_MISMATCH, "blob_hash does not match the " + blob.length + "-byte blob");
        }
    }

    private void warnIfEvicting() {
        if (replay == null) {
            return;
        }
        long evicted = replay.evictions();
        long warned = warnedEvictions.get();
        if (evicted > warned) {
            long now = clock.millis();
            long last = lastEvictionWarning.get();
            if (now - last >= WARN_INTERVAL_MS && lastEvictionWarning.compareAndSet(last, now)) {
                warnedEvictions.set(evicted);
                LOG.warn("{} is full: {} signatures forgotten before their time window ended; raise {}",
                        CryptoOptions.REPLAY_CACHE, evicted - warned, CryptoOptions.REPLAY_CACHE_SIZE);
            }
        }
    }

    /** @return signatures the replay cache currently remembers (0 when it is off) */
    public long replayCacheSize() {
        return replay == null ? 0 : replay.size();
    }

    /** @return signatures forgotten early because the replay cache was full (0 when it is off) */
    public long replayCacheEvictions() {
        return replay == null ? 0 : replay.evictions();
    }

    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private interface Load<T> {
        T get();
    }

    private static <T> T load(String property, Load<T> load) {
        try {
            return load.get();
        } catch (KeystoreException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
