package org.ccflux.crypto.internal.tool;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ccflux.crypto.internal.Bc;

/**
 * Makes RSA keys and X.509 v3 certificates for CC keystores: a self-signed CA, and certificates it issues that
 * can sign and be encrypted to ({@code openssl cms} accepts both). Written as OpenSSL writes them: PEM
 * certificates, unencrypted PKCS#8 private keys.
 */
public final class Certificates {
    /** Back-dated so that a peer whose clock is a little behind accepts a fresh certificate. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    public static KeyPair rsaKeyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA", Bc.PROVIDER);
        gen.initialize(bits, RANDOM);
        return gen.generateKeyPair();
    }

    /** @return a self-signed CA certificate for {@code keys}, valid for {@code days} */
    public static X509Certificate selfSignedCa(X500Name subject, KeyPair keys, int days) throws GeneralSecurityException {
        return sign(builder(subject, subject, keys.getPublic(), days)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys.getPrivate());
    }

    /** @return an end-entity certificate for {@code key}, issued by {@code ca}, valid for {@code days} */
    public static X509Certificate issue(X500Name subject, PublicKey key, X509Certificate ca, PrivateKey caKey, int days)
            throws GeneralSecurityException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        return sign(builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), subject, key, days)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca)), caKey);
    }

    private static Builder builder(X500Name issuer, X500Name subject, PublicKey key, int days) throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(Duration.ofDays(days))), subject, key);
        return new Builder(b).addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
    }

    private static X509Certificate sign(Builder b, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                    b.builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate: " + e.getMessage(), e);
        }
    }

    /** Writes {@code certificate} as PEM. */
    public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        writePem(file, certificate);
    }

    /** Writes {@code key} as an unencrypted PKCS#8 PEM ({@code PRIVATE KEY}), readable by the owner only. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        writePem(file, new JcaPKCS8Generator(key, null));
    }

    private static void writePem(Path file, Object pem) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter out = new JcaPEMWriter(w)) {
            out.writeObject(pem);
        }
    }

    /** Keeps {@link X509v3CertificateBuilder}'s checked {@link CertIOException} out of the call chains above. */
    private static final class Builder {
        final X509v3CertificateBuilder builder;

        Builder(X509v3CertificateBuilder builder) {
            this.builder = builder;
        }

        Builder addExtension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                org.bouncycastle.asn1.ASN1Encodable value) throws CertificateException {
            try {
                builder.addExtension(oid, critical, value);
                return this;
            } catch (CertIOException e) {
                throw new CertificateException("cannot add extension " + oid + ": " + e.getMessage(), e);
            }
        }
    }
}
