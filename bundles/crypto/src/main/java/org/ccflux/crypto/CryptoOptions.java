package org.ccflux.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ccflux.api.CcOptions;

/**
 * CC's {@code cms-*} options (reference §5.2) plus ccflux's additions, parsed once from a Config Admin map
 * and checked as a whole: names, pairings, and that every referenced certificate and key file exists. Every
 * failure is an {@link IllegalArgumentException} naming the property. Immutable and thread-safe.
 *
 * <p>Keys are only checked for existence here; {@link MessageSealer#create} and {@link MessageOpener#create}
 * load and check them.
 *
 * @since 1.0
 */
public final class CryptoOptions {
    /** Key directory; {@code ~} expanded; empty (the default) is the current directory. */
    public static final String KEYSTORE = "cms-keystore";
    /** Sign outgoing messages with key and certificate {@code <name>}. */
    public static final String SIGN = "cms-sign";
    /** Comma list of CA certificate names; incoming messages must be signed by a certificate one of them issued. */
    public static final String VERIFY_CA = "cms-verify-ca";
    /** Encrypt outgoing messages to certificate {@code <name>}; requires {@link #SIGN}. */
    public static final String ENCRYPT = "cms-encrypt";
    /** Expect encrypted incoming messages and open them with key and certificate {@code <name>}; requires {@link #VERIFY_CA}. */
    public static final String DECRYPT = "cms-decrypt";
    /** Seconds an incoming {@code time} may differ from the local clock; 0 (the default) turns the check off. */
    public static final String TIME_WINDOW = "cms-time-window";
    /** Digest for outgoing signatures: {@code sha256} (default), {@code sha1} (what CC used), {@code sha384}, {@code sha512}. */
    public static final String DIGEST = "cms-digest";
    /** Content cipher for outgoing envelopes: {@code aes128-cbc} (default, as CC), {@code aes192-cbc}, {@code aes256-cbc}. */
    public static final String CIPHER = "cms-cipher";
    /** Refuse a second copy of a signed message within the time window; default yes when the window and {@link #VERIFY_CA} are set. */
    public static final String REPLAY_CACHE = "cms-replay-cache";
    /** Most signatures the replay cache remembers; beyond that the oldest are forgotten (and a warning logged). */
    public static final String REPLAY_CACHE_SIZE = "cms-replay-cache-size";
    /** Which signer may send which types; see {@link AllowList}. Requires {@link #VERIFY_CA}. */
    public static final String ALLOW = "cms-allow";

    public static final String DEFAULT_DIGEST = "sha256";
    public static final String DEFAULT_CIPHER = "aes128-cbc";
    public static final int DEFAULT_REPLAY_CACHE_SIZE = 100_000;

    private static final List<String> DIGESTS = List.of("sha256", "sha1", "sha384", "sha512");
    private static final List<String> CIPHERS = List.of("aes128-cbc", "aes192-cbc", "aes256-cbc");
    private static final long MAX_WINDOW = Duration.ofDays(365).toSeconds();

    private final Keystore keystore;
    private final String sign;
    private final List<String> verifyCa;
    private final String encrypt;
    private final String decrypt;
    private final Duration timeWindow;
    private final String digest;
    private final String cipher;
    private final boolean replayCache;
    private final int replayCacheSize;
    private final AllowList allow;

    private CryptoOptions(Keystore keystore, String sign, List<String> verifyCa, String encrypt, String decrypt,
            Duration timeWindow, String digest, String cipher, boolean replayCache, int replayCacheSize, AllowList allow) {
        this.keystore = keystore;
        this.sign = sign;
        this.verifyCa = verifyCa;
        this.encrypt = encrypt;
        this.decrypt = decrypt;
        this.timeWindow = timeWindow;
        this.digest = digest;
        this.cipher = cipher;
        this.replayCache = replayCache;
        this.replayCacheSize = replayCacheSize;
        this.allow = allow;
    }

    /** @return options with no crypto at all (CC's default) */
    public static CryptoOptions none() {
        return parse(Map.of());
    }

    /**
     * @param properties a Config Admin map; other keys are ignored
     * @throws IllegalArgumentException naming the property on the first problem found
     */
    public static CryptoOptions parse(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        Keystore keystore = Keystore.open(o.string(KEYSTORE, ""));
        String sign = name(o, SIGN);
        List<String> verifyCa = o.list(VERIFY_CA, List.of());
        verifyCa.forEach(ca -> checkName(VERIFY_CA, ca));
        String encrypt = name(o, ENCRYPT);
        String decrypt = name(o, DECRYPT);
        if (encrypt != null && sign == null) {
            throw new IllegalArgumentException(ENCRYPT + " requires " + SIGN + ": CC signs a message before it encrypts it");
        }
        if (decrypt != null && verifyCa.isEmpty()) {
            throw new IllegalArgumentException(DECRYPT + " requires " + VERIFY_CA
                    + ": a decrypted message is always verified, against these CAs");
        }
        long window = o.integer(TIME_WINDOW, 0L, 0L, MAX_WINDOW);
        String digest = choice(o, DIGEST, DEFAULT_DIGEST, DIGESTS);
        String cipher = choice(o, CIPHER, DEFAULT_CIPHER, CIPHERS);

        boolean replayDefault = window > 0 && !verifyCa.isEmpty();
        boolean replay = o.bool(REPLAY_CACHE, replayDefault);
        if (replay && window == 0) {
            throw new IllegalArgumentException(REPLAY_CACHE + " requires " + TIME_WINDOW
                    + " > 0: the window bounds how long a signature must be remembered");
        }
        if (replay && verifyCa.isEmpty()) {
            throw new IllegalArgumentException(REPLAY_CACHE + " requires " + VERIFY_CA
                    + ": only verified signatures can be recognised as copies");
        }
        int replaySize = o.integer(REPLAY_CACHE_SIZE, DEFAULT_REPLAY_CACHE_SIZE, 1, 100_000_000);

        AllowList allow = null;
        if (o.has(ALLOW) && !o.string(ALLOW, "").isEmpty()) {
            if (verifyCa.isEmpty()) {
                throw new IllegalArgumentException(ALLOW + " requires " + VERIFY_CA + ": only verified signers can be allowed");
            }
            try {
                allow = AllowList.parse(o.string(ALLOW, ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ALLOW + ": " + e.getMessage(), e);
            }
        }

        if (sign != null) {
            mustExist(SIGN, keystore.certificateFile(sign));
            mustExist(SIGN, keystore.privateKeyFile(sign));
        }
        for (String ca : verifyCa) {
            mustExist(VERIFY_CA, keystore.certificateFile(ca));
        }
        if (encrypt != null) {
            mustExist(ENCRYPT, keystore.certificateFile(encrypt));
        }
        if (decrypt != null) {
            mustExist(DECRYPT, keystore.certificateFile(decrypt));
            mustExist(DECRYPT, keystore.privateKeyFile(decrypt));
        }
        return new CryptoOptions(keystore, sign, verifyCa, encrypt, decrypt, Duration.ofSeconds(window), digest, cipher,
                replay, replaySize, allow);
    }

    private static String name(CcOptions o, String property) {
        String value = o.string(property, "");
        if (value.isEmpty()) {
            return null;
        }
        checkName(property, value);
        return value;
    }

    private static void checkName(String property, String value) {
        try {
            Keystore.checkName(value);
        } catch (IllegalArgumentException e) {
            throw CcOptions.invalid(property, value, "a key name without '/', '\\' or '..'");
        }
    }

    private static String choice(CcOptions o, String property, String dflt, List<String> allowed) {
        String value = o.string(property, dflt).toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(value)) {
            throw CcOptions.invalid(property, value, "one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static void mustExist(String property, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(property + ": missing file " + file.toAbsolutePath().normalize());
        }
    }

    /**
     * @return true if incoming messages must be opened (verified, decrypted or time-checked): any of
     *         {@code cms-verify-ca}, {@code cms-decrypt}, {@code cms-time-window} is set
     * @since 1.1
     */
    public boolean opensIncoming() {
        return !verifyCa.isEmpty() || decrypt != null || !timeWindow.isZero();
    }

    public Keystore keystore() {
        return keystore;
    }

    /** @return the signing key name ({@code cms-sign}) */
    public Optional<String> sign() {
        return Optional.ofNullable(sign);
    }

    /** @return the CA names of {@code cms-verify-ca}; empty when incoming messages are not verified */
    public List<String> verifyCa() {
        return verifyCa;
    }

    /** @return the recipient certificate name ({@code cms-encrypt}) */
    public Optional<String> encrypt() {
        return Optional.ofNullable(encrypt);
    }

    /** @return the decryption key name ({@code cms-decrypt}) */
    public Optional<String> decrypt() {
        return Optional.ofNullable(decrypt);
    }

    /** @return the time window; {@link Duration#ZERO} when off */
    public Duration timeWindow() {
        return timeWindow;
    }

    /** @return {@code sha256}, {@code sha1}, {@code sha384} or {@code sha512} */
    public String digest() {
        return digest;
    }

    /** @return {@code aes128-cbc}, {@code aes192-cbc} or {@code aes256-cbc} */
    public String cipher() {
        return cipher;
    }

    public boolean replayCache() {
        return replayCache;
    }

    public int replayCacheSize() {
        return replayCacheSize;
    }

    public Optional<AllowList> allow() {
        return Optional.ofNullable(allow);
    }

    /** @return the effective configuration, for a log line (names only; no key material) */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(KEYSTORE).append('=').append(keystore.dir());
        if (sign != null) {
            b.append(", ").append(SIGN).append('=').append(sign).append(", ").append(DIGEST).append('=').append(digest);
        }
        if (encrypt != null) {
            b.append(", ").append(ENCRYPT).append('=').append(encrypt).append(", ").append(CIPHER).append('=').append(cipher);
        }
        if (!verifyCa.isEmpty()) {
            b.append(", ").append(VERIFY_CA).append('=').append(String.join(",", verifyCa));
        }
        if (decrypt != null) {
            b.append(", ").append(DECRYPT).append('=').append(decrypt);
        }
        if (!timeWindow.isZero()) {
            b.append(", ").append(TIME_WINDOW).append('=').append(timeWindow.toSeconds());
        }
        if (replayCache) {
            b.append(", ").append(REPLAY_CACHE).append("=yes (").append(replayCacheSize).append(" entries)");
        }
        if (allow != null) {
            b.append(", ").append(ALLOW).append('=').append(allow);
        }
        return b.toString();
    }
}
