package org.ccflux.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.ccflux.api.MessageType;

/**
 * Which signer may send which message types: the {@code cms-allow} option. CC trusted every certificate of
 * its CAs for every type (reference §12 item 3); this closes that gap.
 *
 * <p>Syntax: entries separated by {@code ;} (or new lines), each {@code signer = prefix prefix …}.
 * <ul>
 * <li>The signer is a common name ({@code user1}), a full subject DN in RFC 2253/openssl form
 * ({@code CN=Host 1,O=Example}, openssl's {@code /CN=Host 1/O=Example} too), or {@code *} for any signer the
 * CAs accept. A DN is recognised by the {@code =} inside it; the entry is split at its <em>last</em> {@code =},
 * which is safe because message types cannot contain one. Common names compare case-insensitively; DNs compare
 * value by value ignoring case and spacing, with the RDNs in openssl's order or RFC 2253's reversed one.</li>
 * <li>Prefixes are separated by spaces or commas and match whole components, as routes do: {@code log} allows
 * {@code log} and {@code log.info} but not {@code logx}; {@code *} allows every type.</li>
 * <li>A signer may appear in several entries; its prefixes add up. A signer that no entry names may send
 * nothing.</li>
 * </ul>
 *
 * <pre>
 * cms-allow = user1 = log pub.infofile; CN=Host 1,O=Example = task.reply echo; * = echo.request
 * </pre>
 *
 * Immutable and thread-safe.
 *
 * @since 1.0
 */
public final class AllowList {
    private final List<Entry> entries;
    private final String text;

    private AllowList(List<Entry> entries, String text) {
        this.entries = entries;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException describing the bad entry (without the property name; {@link CryptoOptions}
     *         adds it)
     */
    public static AllowList parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : text.split("[;\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry '" + entry + "' must look like 'signer = prefix …'");
            }
            String who = entry.substring(0, eq).trim();
            List<String> prefixes = new ArrayList<>();
            for (String p : entry.substring(eq + 1).trim().split("[\\s,]+")) {
                if (p.isEmpty()) {
                    continue;
                }
                if (!MessageType.isValidPattern(p)) {
                    throw new IllegalArgumentException("entry '" + entry + "': '" + p + "' is not a message type prefix");
                }
                prefixes.add(p);
            }
            if (who.isEmpty() || prefixes.isEmpty()) {
                throw new IllegalArgumentException("entry '" + entry + "' needs a signer and at least one type prefix");
            }
            X500Name dn = null;
            if (who.indexOf('=') >= 0) {
                try {
                    dn = parseDn(who);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("entry '" + entry + "': '" + who + "' is not a valid DN", e);
                }
            }
            entries.add(new Entry(who, dn, List.copyOf(prefixes)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no entries in '" + text + "'");
        }
        return new AllowList(List.copyOf(entries), text.trim());
    }

    /**
     * @param signer the verified signer, or {@code null} for an unsigned message (never allowed)
     * @param type the message type
     * @return true if an entry naming this signer has a prefix matching {@code type}
     */
    public boolean permits(Signer signer, String type) {
        if (signer == null) {
            return false;
        }
        for (Entry e : entries) {
            if (e.names(signer)) {
                for (String p : e.prefixes) {
                    if (MessageType.matches(p, type)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** openssl's {@code -subj} form {@code /CN=a/O=b} or the comma form {@code CN=a, O=b}. */
    private static X500Name parseDn(String who) {
        String dn = who.startsWith("/") ? String.join(",", who.substring(1).split("/")) : who;
        return new X500Name(BCStyle.INSTANCE, dn);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Entry {
        final String who;
        final X500Name dn;
        final List<String> prefixes;

        Entry(String who, X500Name dn, List<String> prefixes) {
            this.who = who;
            this.dn = dn;
            this.prefixes = prefixes;
        }

        boolean names(Signer signer) {
            if (who.equals("*")) {
                return true;
            }
            if (dn != null) {
                // canonical values (case, spacing); RDNs in either order, so openssl's and RFC 2253's order both work
                return BCStyle.INSTANCE.areEqual(dn, signer.x500Name());
            }
            return signer.commonName() != null
                    && signer.commonName().toLowerCase(Locale.ROOT).equals(who.toLowerCase(Locale.ROOT));
        }
    }
}
