package org.ccflux.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.ccflux.crypto.Reason;
import org.ccflux.crypto.Signer;

/**
 * CC's {@code verify} (reference §5.1): one signer, signature over the content, signer certificate issued by
 * one of the configured CAs (PKIX path validation with the CA certificates as trust anchors, so v1 CAs
 * without extensions work), validity dates of signer and CA, and openssl's S/MIME signing purpose (key usage
 * and extended key usage, when the certificate has them).
 *
 * <p>Speed: the first message of a signer certificate pays for path validation and for building its
 * verifier; both are cached per certificate, so later messages cost one signature check plus a date
 * comparison. Only certificates that passed validation enter the cache, so a sender cannot fill it with
 * junk; it is bounded anyway. Lock-free reads; thread-safe.
 */
public final class SignatureChecker {
    /** Signer certificates remembered; cleared when exceeded (a deployment has far fewer). */
    static final int MAX_SIGNERS = 1024;

    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(OIWObjectIdentifiers.idSHA1,
            NISTObjectIdentifiers.id_sha224, NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384,
            NISTObjectIdentifiers.id_sha512);
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final ConcurrentMap<X509CertificateHolder, Trusted> trusted = new ConcurrentHashMap<>();

    /** What a signature check found: the signed content, the signer, and the raw signature value. */
    public static final class Verified {
        public final byte[] content;
        public final Signer signer;
        public final byte[] signatureValue;

        Verified(byte[] content, Signer signer, byte[] signatureValue) {
            this.content = content;
            this.signer = signer;
            this.signatureValue = signatureValue;
        }
    }

    /**
     * A validated signer certificate: its verifier and the dates of signer and CA, as instants (the
     * certificates' own getters re-parse the ASN.1 time on every call, which cost 10% of a verification).
     */
    private static final class Trusted {
        final SignerInformationVerifier verifier;
        final Signer signer;
        final X509Certificate ca;
        final Instant signerNotBefore;
        final Instant signerNotAfter;
        final Instant caNotBefore;
        final Instant caNotAfter;

        Trusted(SignerInformationVerifier verifier, Signer signer, X509Certificate ca) {
            this.verifier = verifier;
            this.signer = signer;
            this.ca = ca;
            this.signerNotBefore = signer.notBefore();
            this.signerNotAfter = signer.notAfter();
            this.caNotBefore = ca.getNotBefore().toInstant();
            this.caNotAfter = ca.getNotAfter().toInstant();
        }

        void checkDates(Instant now) throws Refusal {
            if (now.isAfter(signerNotAfter) || now.isBefore(signerNotBefore)) {
                SignatureChecker.checkDates(signer.certificate(), "signer", now);
            }
            if (now.isAfter(caNotAfter) || now.isBefore(caNotBefore)) {
                SignatureChecker.checkDates(ca, "CA", now);
            }
        }
    }

    public SignatureChecker(List<X509Certificate> cas) {
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : cas) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
    }

    /** @return the verified content, which is {@code content} itself */
    public Verified verifyDetached(byte[] content, byte[] signature, Instant now) throws Refusal {
        CMSSignedData signed;
        ASN1Encodable embedded;
        try {
            signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
            embedded = SignedData.getInstance(signed.toASN1Structure().getContent()).getEncapContentInfo().getContent();
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Reason.MALFORMED, "signature is not DER CMS SignedData: " + e.getMessage());
        }
        if (embedded != null) {
            throw new Refusal(Reason.MALFORMED, "signature embeds content; a detached signature was expected");
        }
        return verify(signed, content, now);
    }

    /** @return the content embedded in {@code der} (CC's sign_and_encrypt inner layer), verified */
    public Verified verifyAttached(byte[] der, Instant now) throws Refusal {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(der);
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Reason.MALFORMED, "decrypted content is not DER CMS SignedData: " + e.getMessage());
        }
        CMSTypedData typed = signed.getSignedContent();
        if (typed == null || !(typed.getContent() instanceof byte[])) {
            throw new Refusal(Reason.MALFORMED, "the signed data embeds no content");
        }
        return verify(signed, (byte[]) typed.getContent(), now);
    }

    private Verified verify(CMSSignedData signed, byte[] content, Instant now) throws Refusal {
        if (!CMSObjectIdentifiers.data.equals(signed.getSignedContentType())) {
            throw new Refusal(Reason.MALFORMED, "signed content type " + signed.getSignedContentType() + " is not data");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw new Refusal(Reason.MALFORMED, "the signature has no signer");
        }
        if (signers.size() > 1) {
            throw new Refusal(Reason.MULTIPLE_SIGNERS, signers.size() + " signers; exactly one is allowed");
        }
        SignerInformation info = signers.iterator().next();
        ASN1ObjectIdentifier digest = info.getDigestAlgorithmID().getAlgorithm();
        if (!DIGESTS.contains(digest)) {
            throw new Refusal(Reason.BAD_SIGNATURE, "digest " + digest + " is not accepted (SHA-1 or SHA-2 only)");
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = signed.getCertificates().getMatches(info.getSID());
        if (certs.isEmpty()) {
            throw new Refusal(Reason.UNTRUSTED_SIGNER, "the signer certificate is not included in the signature");
        }
        X509CertificateHolder holder = certs.iterator().next();
        Trusted t = trusted.get(holder);
        if (t == null) {
            t = validate(holder, now);
            if (trusted.size() >= MAX_SIGNERS) {
                trusted.clear();
            }
            trusted.putIfAbsent(holder, t);
        } else {
            t.checkDates(now);
        }
        try {
            if (!info.verify(t.verifier)) {
                throw new Refusal(Reason.BAD_SIGNATURE, "signature of " + t.signer + " does not verify");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new Refusal(Reason.BAD_SIGNATURE, "content digest mismatch: the signed data was changed");
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Reason.BAD_SIGNATURE, "signature of " + t.signer + " does not verify: " + e.getMessage());
        }
        return new Verified(content, t.signer, info.getSignature());
    }

    private Trusted validate(X509CertificateHolder holder, Instant now) throws Refusal {
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(holder);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refusal(Reason.MALFORMED, "unreadable signer certificate: " + e.getMessage());
        }
        Signer signer = Signer.of(cert);
        checkDates(cert, "signer", now);
        checkPurpose(cert, signer);
        X509Certificate ca;
        try {
            CertPath path = CertificateFactory.getInstance("X.509", Bc.PROVIDER).generateCertPath(List.of(cert));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // CC checks no CRLs either
            params.setDate(Date.from(now));
            PKIXCertPathValidatorResult result =
                    (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX", Bc.PROVIDER).validate(path, params);
            ca = result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            if (causedBy(e, CertificateExpiredException.class) || causedBy(e, CertificateNotYetValidException.class)) {
                throw new Refusal(Reason.EXPIRED_CERTIFICATE, "chain of " + signer + ": " + e.getMessage());
            }
            throw new Refusal(Reason.UNTRUSTED_SIGNER, signer + " is not issued by a configured CA: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refusal(Reason.UNTRUSTED_SIGNER, "cannot validate " + signer + ": " + e.getMessage());
        }
        checkDates(ca, "CA", now); // RFC 5280 leaves anchors undated; openssl checks them, so do we
        try {
            // built from the key, not the certificate: BC would otherwise re-check the certificate against the
            // signingTime attribute on every message (openssl does not; the dates are checked against now above)
            return new Trusted(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(cert.getPublicKey()),
                    signer, ca);
        } catch (Exception e) {
            throw new Refusal(Reason.UNTRUSTED_SIGNER, "unusable public key of " + signer + ": " + e.getMessage());
        }
    }

    private static void checkDates(X509Certificate cert, String role, Instant now) throws Refusal {
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            throw new Refusal(Reason.EXPIRED_CERTIFICATE, role + " certificate " + Signer.of(cert) + " expired "
                    + cert.getNotAfter().toInstant());
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            throw new Refusal(Reason.EXPIRED_CERTIFICATE, role + " certificate " + Signer.of(cert) + " is not valid before "
                    + cert.getNotBefore().toInstant());
        }
    }

    /** openssl's smimesign purpose: if the extensions are there, they must allow signing. */
    private static void checkPurpose(X509Certificate cert, Signer signer) throws Refusal {
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !(usage[0] || usage[1])) { // digitalSignature, nonRepudiation
            throw new Refusal(Reason.UNTRUSTED_SIGNER, signer + ": key usage does not allow signing");
        }
        List<String> eku;
        try {
            eku = cert.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new Refusal(Reason.UNTRUSTED_SIGNER, signer + ": unreadable extended key usage");
        }
        if (eku != null && !eku.contains(EMAIL_PROTECTION) && !eku.contains(ANY_EKU)) {
            throw new Refusal(Reason.UNTRUSTED_SIGNER, signer + ": extended key usage does not include emailProtection");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
