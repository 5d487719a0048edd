package org.ccflux.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Objects;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.internal.Bc;
import org.ccflux.crypto.internal.CmsSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds outgoing CC messages the way CC's {@code create_cmsg} does (reference §5.3):
 * <ul>
 * <li>with a blob and {@code cms-sign}: {@code blob_hash = "SHA-1:<lowercase hex>"} is set in the JSON first;</li>
 * <li>sign only: body = JSON text, signature = DER detached CMS SignedData over exactly those bytes (signer
 * certificate included, default signed attributes, {@code cms-digest}, RSA PKCS#1 v1.5);</li>
 * <li>sign and encrypt: the JSON is signed <em>attached</em>, that DER is enveloped to the {@code cms-encrypt}
 * certificate (RSA key transport, {@code cms-cipher}); body = {@code ENC1}, signature = the envelope;</li>
 * <li>neither: body = JSON text, signature frame empty.</li>
 * </ul>
 * The blob is never signed or encrypted; {@code blob_hash} inside the signed JSON protects it.
 *
 * <p>Thread-safe and lock-free; signing costs one RSA private-key operation (about 2 ms for 2048 bits), so
 * call it from a worker thread, not from a socket or event-loop thread.
 *
 * @since 1.0
 */
public final class MessageSealer {
    /** The body frame of an encrypted message. */
    public static final byte[] ENC1 = "ENC1".getBytes(StandardCharsets.US_ASCII);

    private static final Logger LOG = LoggerFactory.getLogger(MessageSealer.class);
    private static final byte[] EMPTY = new byte[0];

    private final CmsSealer cms;
    private final boolean encrypt;

    private MessageSealer(CmsSealer cms, boolean encrypt) {
        this.cms = cms;
        this.encrypt = encrypt;
    }

    /**
     * Loads the {@code cms-sign} key and certificate and the {@code cms-encrypt} certificate.
     *
     * @throws IllegalArgumentException naming the property and the file if a key or certificate cannot be used
     */
    public static MessageSealer create(CryptoOptions options) {
        if (options.sign().isEmpty()) {
            return new MessageSealer(null, false);
        }
        Keystore keystore = options.keystore();
        String name = options.sign().get();
        X509Certificate cert = load(CryptoOptions.SIGN, () -> keystore.certificate(name));
        PrivateKey key = load(CryptoOptions.SIGN, () -> keystore.privateKey(name));
        checkPair(name, cert, key, options.digest());
        X509Certificate recipient = null;
        if (options.encrypt().isPresent()) {
            String to = options.encrypt().get();
            recipient = load(CryptoOptions.ENCRYPT, () -> keystore.certificate(to));
            if (!recipient.getPublicKey().getAlgorithm().equals("RSA")) {
                throw new IllegalArgumentException(CryptoOptions.ENCRYPT + ": " + keystore.certificateFile(to)
                        + " has a " + recipient.getPublicKey().getAlgorithm() + " key; envelopes need RSA key transport");
            }
        }
        if (key instanceof RSAKey && ((RSAKey) key).getModulus().bitLength() < 2048) {
            LOG.warn("{}: key {} has only {} bits; use 2048 or more", CryptoOptions.SIGN, keystore.privateKeyFile(name),
                    ((RSAKey) key).getModulus().bitLength());
        }
        try {
            return new MessageSealer(new CmsSealer(cert, key, options.digest(), recipient, options.cipher()),
                    recipient != null);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(CryptoOptions.SIGN + ": " + keystore.certificateFile(name) + ": " + e.getMessage(), e);
        }
    }

    /** @return true if messages are signed */
    public boolean signs() {
        return cms != null;
    }

    /** @return true if messages are signed and encrypted */
    public boolean encrypts() {
        return encrypt;
    }

    /** @return {@link #seal(List, String, ObjectNode, byte[])} with no route frames (what a DEALER client sends) */
    public CcMessage seal(String type, ObjectNode body, byte[] blob) {
        return seal(List.of(), type, body, blob);
    }

    /**
     * @param route route frames to put in front (replies re-use the request's)
     * @param type the message type; the body's {@code req} is set to it if missing
     * @param body the JSON body, e.g. from {@link CcJson#header}; not modified (a copy is made when
     *        {@code req} or {@code blob_hash} must be filled in)
     * @param blob the blob frame, or {@code null} for none (an empty array is a present, empty blob)
     * @throws IllegalArgumentException if the type is invalid or {@code req} names another type (the
     *         receiver would refuse the message as hijacked)
     */
    public CcMessage seal(List<byte[]> route, String type, ObjectNode body, byte[] blob) {
        Objects.requireNonNull(body, "body");
        ObjectNode json = body;
        JsonNode req = body.get("req");
        if (req == null) {
            json = json.deepCopy();
            json.put("req", type);
        } else if (!type.equals(req.asText())) {
            throw new IllegalArgumentException("body req '" + req.asText() + "' does not match type '" + type + "'");
        }
        if (blob != null && cms != null) {
            json = json == body ? json.deepCopy() : json;
            json.put("blob_hash", "SHA-1:" + Bc.sha1Hex(blob));
        }
        return sealText(route, type, CcJson.toBytes(json), blob);
    }

    /**
     * Seals a body already written as JSON text, without a blob: the reply fast path
     * ({@link org.ccflux.api.CcSender#reply(CcMessage, String, byte[])}). The text is signed (or signed and
     * encrypted) as it is; its {@code req} must be {@code type}, which is not checked (that would mean parsing it).
     *
     * @param route route frames to put in front
     * @param type a valid message type
     * @param jsonText UTF-8 JSON text; not copied
     * @throws IllegalArgumentException if the type is invalid
     * @since 1.2
     */
    public CcMessage seal(List<byte[]> route, String type, byte[] jsonText) {
        return sealText(route, type, Objects.requireNonNull(jsonText, "jsonText"), null);
    }

    private CcMessage sealText(List<byte[]> route, String type, byte[] text, byte[] blob) {
        if (cms == null) {
            return CcMessage.of(route, type, text, EMPTY, blob);
        }
        if (encrypt) {
            return CcMessage.of(route, type, ENC1.clone(), cms.signAndEncrypt(text), blob);
        }
        return CcMessage.of(route, type, text, cms.signDetached(text), blob);
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

    /** A key that does not belong to its certificate would only show up as bad-signature at every receiver. */
    private static void checkPair(String name, X509Certificate cert, PrivateKey key, String digest) {
        try {
            String alg = CmsSealer.signatureAlgorithm(digest, key);
            byte[] probe = "ccflux key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg, Bc.PROVIDER);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg, Bc.PROVIDER);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalArgumentException(CryptoOptions.SIGN + ": private/" + name + ".key does not belong to "
                        + name + ".crt");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(CryptoOptions.SIGN + ":")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(CryptoOptions.SIGN + ": private/" + name + ".key does not fit " + name
                    + ".crt: " + e.getMessage(), e);
        }
    }
}
