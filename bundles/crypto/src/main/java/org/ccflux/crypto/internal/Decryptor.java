package org.ccflux.crypto.internal;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.ccflux.crypto.Reason;
import org.ccflux.crypto.Signer;

/** CC's {@code decrypt}: opens an EnvelopedData addressed (RSA key transport) to one certificate. Thread-safe. */
public final class Decryptor {
    private final RecipientId recipient;
    private final PrivateKey key;
    private final String name;

    public Decryptor(X509Certificate certificate, PrivateKey key) throws CertificateEncodingException {
        this.recipient = new JceKeyTransRecipientId(certificate); // issuer+serial, and the key id if the cert has one
        this.key = key;
        this.name = Signer.of(certificate).subject();
    }

    /** @return the decrypted content */
    public byte[] decrypt(byte[] der) throws Refusal {
        CMSEnvelopedData enveloped;
        try {
            enveloped = new CMSEnvelopedData(der);
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Reason.MALFORMED, "signature frame is not DER CMS EnvelopedData: " + e.getMessage());
        }
        RecipientInformation info = enveloped.getRecipientInfos().get(recipient);
        if (info == null) {
            throw new Refusal(Reason.CANNOT_DECRYPT, "the envelope is not addressed to " + name);
        }
        try {
            return info.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(Bc.PROVIDER));
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Reason.CANNOT_DECRYPT, "cannot open the envelope for " + name + ": " + e.getMessage());
        }
    }
}
