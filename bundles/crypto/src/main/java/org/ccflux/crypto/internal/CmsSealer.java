package org.ccflux.crypto.internal;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CC's {@code sign} and {@code sign_and_encrypt} (reference §5.1) on fixed key material. Thread-safe: the
 * BouncyCastle generators and signers are not, so each call builds its own (microseconds, against
 * milliseconds for the RSA operation); no thread-locals, which would pin this bundle's class loader to
 * the caller's worker threads.
 */
public final class CmsSealer {
    private final PrivateKey key;
    private final X509CertificateHolder certificate;
    private final String signatureAlgorithm;
    private final X509Certificate recipient;
    private final ASN1ObjectIdentifier cipher;

    /**
     * @param digest {@code sha1}, {@code sha256}, {@code sha384} or {@code sha512}
     * @param recipient the envelope recipient, or {@code null} to sign only
     * @param cipher {@code aes128-cbc}, {@code aes192-cbc} or {@code aes256-cbc}
     */
    public CmsSealer(X509Certificate certificate, PrivateKey key, String digest, X509Certificate recipient, String cipher)
            throws CertificateEncodingException {
        this.key = key;
        this.certificate = new JcaX509CertificateHolder(certificate);
        this.signatureAlgorithm = signatureAlgorithm(digest, key);
        this.recipient = recipient;
        this.cipher = cipherOid(cipher);
    }

    /** e.g. SHA256withRSA: RSA PKCS#1 v1.5 like openssl's default; SHA256withECDSA for EC keys. */
    public static String signatureAlgorithm(String digest, PrivateKey key) {
        String d = digest.toUpperCase(Locale.ROOT);
        String alg = key.getAlgorithm();
        if (alg.equals("RSA")) {
            return d + "withRSA";
        }
        if (alg.equals("EC") || alg.equals("ECDSA")) {
            return d + "withECDSA";
        }
        throw new IllegalArgumentException("unsupported signing key type " + alg + " (RSA or EC expected)");
    }

    private static ASN1ObjectIdentifier cipherOid(String cipher) {
        switch (cipher) {
            case "aes128-cbc":
                return CMSAlgorithm.AES128_CBC;
            case "aes192-cbc":
                return CMSAlgorithm.AES192_CBC;
            case "aes256-cbc":
                return CMSAlgorithm.AES256_CBC;
            default:
                throw new IllegalArgumentException("unsupported cipher " + cipher);
        }
    }

    /** @return DER SignedData over {@code content}, detached (content not embedded) */
    public byte[] signDetached(byte[] content) {
        return sign(content, false);
    }

    /** @return DER EnvelopedData (to the recipient) of DER SignedData with {@code content} embedded */
    public byte[] signAndEncrypt(byte[] content) {
        if (recipient == null) {
            throw new IllegalStateException("no recipient certificate configured");
        }
        byte[] signed = sign(content, true);
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(Bc.PROVIDER));
            CMSEnvelopedData enveloped = generator.generate(new CMSProcessableByteArray(signed),
                    new JceCMSContentEncryptorBuilder(cipher).setProvider(Bc.PROVIDER).build());
            return enveloped.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    private byte[] sign(byte[] content, boolean attached) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(Bc.PROVIDER).build(key);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            // default signed attributes: contentType, signingTime, messageDigest (and RFC 6211 algorithm protection)
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(Bc.DIGESTS).build(signer, certificate));
            generator.addCertificate(certificate);
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), attached);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | IOException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }
}
