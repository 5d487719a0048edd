package org.ccflux.crypto;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The verified signer of an accepted message: what CC's {@code verify} returned as its signer-info dict
 * (subject, serial, validity), plus the certificate itself. Immutable.
 *
 * @since 1.0
 */
public final class Signer {
    private final X509Certificate certificate;
    private final X500Name name;
    private final String subject;
    private final String commonName;
    private final Instant notBefore;
    private final Instant notAfter;

    private Signer(X509Certificate certificate) {
        this.certificate = certificate;
        this.name = X500Name.getInstance(BCStyle.INSTANCE, certificate.getSubjectX500Principal().getEncoded());
        this.subject = name.toString();
        this.commonName = firstCommonName(name);
        this.notBefore = certificate.getNotBefore().toInstant();
        this.notAfter = certificate.getNotAfter().toInstant();
    }

    /** @return the signer described by {@code certificate} */
    public static Signer of(X509Certificate certificate) {
        return new Signer(Objects.requireNonNull(certificate, "certificate"));
    }

    /**
     * @return the subject DN in openssl's order (as {@code openssl x509 -subject} prints it), comma-separated,
     *         e.g. {@code CN=user1,E=user1@example.com}
     */
    public String subject() {
        return subject;
    }

    /** @return the first common name of the subject, or {@code null} if it has none */
    public String commonName() {
        return commonName;
    }

    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    X500Name x500Name() {
        return name;
    }

    private static String firstCommonName(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            return value instanceof ASN1String ? ((ASN1String) value).getString() : value.toString();
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signer && ((Signer) o).certificate.equals(certificate);
    }

    @Override
    public int hashCode() {
        return certificate.hashCode();
    }

    @Override
    public String toString() {
        return subject;
    }
}
