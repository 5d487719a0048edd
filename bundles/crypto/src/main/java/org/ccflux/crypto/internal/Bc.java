package org.ccflux.crypto.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The one BouncyCastle provider instance of this bundle. It is handed to every JCA builder through
 * {@code setProvider(PROVIDER)} and never registered with {@code Security.addProvider}: a global registration
 * would outlive this bundle and pin its class loader, and other bundles would silently pick it up.
 */
public final class Bc {
    /** Expensive to create (it registers hundreds of algorithms), so one per bundle. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    /** Thread-safe: every {@code get} makes a new calculator. */
    public static final DigestCalculatorProvider DIGESTS = digests();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bc() {
    }

    /** @return lowercase hex of SHA-1({@code data}), as CC writes {@code blob_hash} */
    public static String sha1Hex(byte[] data) {
        return hex(digest("SHA-1", data));
    }

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            // the JDK's digests: plain, fast, and no provider lookup through BC's big table
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JRE", e);
        }
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().setProvider(PROVIDER).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle digest calculators unavailable", e);
        }
    }
}
