package org.ccflux.crypto;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.ccflux.crypto.internal.Bc;

/**
 * CC's key directory ({@code cms-keystore}): certificate {@code <name>} is the PEM file
 * {@code <dir>/<name>.crt}, its private key is {@code <dir>/private/<name>.key} (PEM, unencrypted, PKCS#1
 * {@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY}, as openssl writes them).
 *
 * <p>Names containing {@code /}, {@code \} or {@code ..} are refused, so a name from a configuration file
 * cannot point outside the directory. Each file is read once and cached for the life of this object (CC
 * caches for the process lifetime); make a new {@code Keystore} to pick up replaced files. Thread-safe.
 *
 * @since 1.0
 */
public final class Keystore {
    private final Path dir;
    private final ConcurrentMap<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PrivateKey> keys = new ConcurrentHashMap<>();

    private Keystore(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir the key directory; {@code ~} and {@code ~/…} are expanded to the user's home, an empty
     *        string means the current directory (CC's default)
     */
    public static Keystore open(String dir) {
        Objects.requireNonNull(dir, "dir");
        String d = dir.trim();
        if (d.equals("~")) {
            d = System.getProperty("user.home");
        } else if (d.startsWith("~/")) {
            d = System.getProperty("user.home") + d.substring(1);
        }
        return new Keystore(Paths.get(d.isEmpty() ? "." : d));
    }

    /** @return a keystore on {@code dir}, taken as is */
    public static Keystore open(Path dir) {
        return new Keystore(Objects.requireNonNull(dir, "dir"));
    }

    /** @return the key directory */
    public Path dir() {
        return dir;
    }

    /** @throws IllegalArgumentException if {@code name} is empty or contains {@code /}, {@code \} or {@code ..} */
    public static void checkName(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.contains("..")
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a key name must be a plain file name without '/', '\\' or '..', was '"
                    + name + "'");
        }
    }

    /** @return {@code <dir>/<name>.crt} */
    public Path certificateFile(String name) {
        checkName(name);
        return dir.resolve(name + ".crt");
    }

    /** @return {@code <dir>/private/<name>.key} */
    public Path privateKeyFile(String name) {
        checkName(name);
        return dir.resolve("private").resolve(name + ".key");
    }

    /** @return {@code <dir>/<name>.curve}, a CurveZMQ public key */
    public Path curvePublicKeyFile(String name) {
        checkName(name);
        return dir.resolve(name + ".curve");
    }

    /** @return {@code <dir>/private/<name>.curve}, a CurveZMQ secret key */
    public Path curveSecretKeyFile(String name) {
        checkName(name);
        return dir.resolve("private").resolve(name + ".curve");
    }

    /**
     * @return the CurveZMQ public key {@code <name>} (read each call: keys are read at configuration time only)
     * @throws KeystoreException naming the file if it is missing or not a Z85 key
     * @since 1.1
     */
    public CurveKeys curvePublicKey(String name) {
        Path file = curvePublicKeyFile(name);
        try {
            return CurveKeys.ofPublic(CurveKeys.readText(file));
        } catch (IllegalArgumentException e) {
            throw new KeystoreException(file, e.getMessage(), e);
        }
    }

    /**
     * @return the CurveZMQ key pair {@code <name>}: the secret key, checked against the public key file
     * @throws KeystoreException naming the file if one is missing, not a Z85 key, or the two do not match
     * @since 1.1
     */
    public CurveKeys curveKeyPair(String name) {
        Path file = curveSecretKeyFile(name);
        CurveKeys pair;
        try {
            pair = CurveKeys.ofSecret(CurveKeys.readText(file));
        } catch (IllegalArgumentException e) {
            throw new KeystoreException(file, e.getMessage(), e);
        }
        if (!pair.publicText().equals(curvePublicKey(name).publicText())) {
            throw new KeystoreException(file, "does not belong to the public key " + curvePublicKeyFile(name), null);
        }
        return pair;
    }

    /**
     * @return the X.509 certificate {@code <name>}, read on first use
     * @throws KeystoreException naming the file if it is missing or not a PEM certificate
     * @throws IllegalArgumentException if the name is invalid
     */
    public X509Certificate certificate(String name) {
        X509Certificate cert = certificates.get(name);
        if (cert == null) {
            cert = readCertificate(certificateFile(name));
            X509Certificate raced = certificates.putIfAbsent(name, cert);
            cert = raced != null ? raced : cert;
        }
        return cert;
    }

    /**
     * @return the private key {@code <name>}, read on first use
     * @throws KeystoreException naming the file if it is missing, encrypted or not a PEM private key
     * @throws IllegalArgumentException if the name is invalid
     */
    public PrivateKey privateKey(String name) {
        PrivateKey key = keys.get(name);
        if (key == null) {
            key = readPrivateKey(privateKeyFile(name));
            PrivateKey raced = keys.putIfAbsent(name, key);
            key = raced != null ? raced : key;
        }
        return key;
    }

    private static X509Certificate readCertificate(Path file) {
        Object pem = readPem(file, "a PEM certificate");
        if (!(pem instanceof X509CertificateHolder)) {
            throw new KeystoreException(file, "not a PEM certificate (found " + describe(pem) + ")", null);
        }
        try {
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate((X509CertificateHolder) pem);
        } catch (CertificateException | RuntimeException e) {
            throw new KeystoreException(file, "unusable certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) {
        Object pem = readPem(file, "a PEM private key");
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new KeystoreException(file, "the private key is encrypted; CC keys are stored unencrypted"
                    + " (openssl pkey -in it -out it.plain)", null);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);
            if (pem instanceof PEMKeyPair) { // PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"
                return converter.getKeyPair((PEMKeyPair) pem).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo) { // PKCS#8 "PRIVATE KEY"
                return converter.getPrivateKey((PrivateKeyInfo) pem);
            }
        } catch (IOException | RuntimeException e) {
            throw new KeystoreException(file, "unusable private key: " + e.getMessage(), e);
        }
        throw new KeystoreException(file, "not a PEM private key (found " + describe(pem) + ")", null);
    }

    private static Object readPem(Path file, String expected) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(in)) {
            Object pem = parser.readObject();
            if (pem == null) {
                throw new KeystoreException(file, "no PEM block found; expected " + expected, null);
            }
            return pem;
        } catch (NoSuchFileException e) {
            throw new KeystoreException(file, "missing; expected " + expected, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeystoreException) {
                throw (KeystoreException) e;
            }
            throw new KeystoreException(file, "cannot be read as " + expected + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Object pem) {
        return pem.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Keystore[" + dir + "]";
    }
}
