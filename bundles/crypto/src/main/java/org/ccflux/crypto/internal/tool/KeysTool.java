package org.ccflux.crypto.internal.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.ccflux.crypto.CurveKeys;
import org.ccflux.crypto.Keystore;
import org.ccflux.crypto.KeystoreException;
import org.ccflux.crypto.internal.Bc;

/**
 * {@code ccflux keys}: makes and lists the keys of a CC keystore ({@code cms-keystore}, {@code curve-keystore})
 * for tests and small installations. Exit status 0 done, 1 failed, 2 usage error.
 */
public final class KeysTool {
    static final String USAGE = String.join("\n",
            "usage: ccflux keys [--dir DIR] COMMAND",
            "  ca NAME [--subject DN] [--days 3650] [--bits 2048]     a self-signed CA: NAME.crt, private/NAME.key",
            "  issue NAME --ca CA [--subject DN] [--days 365] [--bits 2048]",
            "                                                          a certificate issued by CA, for cms-sign/-encrypt/-decrypt",
            "  curve NAME                                              a CurveZMQ key pair: NAME.curve, private/NAME.curve",
            "  list                                                    certificates with SHA-256 fingerprints, CurveZMQ keys",
            "DIR defaults to the current directory; DN is CN=…,O=… or /CN=…/O=… (default CN=NAME).",
            "Existing files are never overwritten.");
    private static final Set<String> VALUED = Set.of("--dir", "--subject", "--days", "--bits", "--ca");

    private final PrintStream out;

    public KeysTool(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new KeysTool(System.out).run(args, System.err));
    }

    public int run(String[] args, PrintStream err) {
        try {
            Deque<String> words = new ArrayDeque<>();
            Map<String, String> options = parse(args, words);
            Keystore keystore = Keystore.open(options.getOrDefault("--dir", ""));
            String command = words.isEmpty() ? "" : words.pop();
            switch (command) {
                case "ca":
                    makeCa(keystore, name(words), options);
                    break;
                case "issue":
                    issue(keystore, name(words), options);
                    break;
                case "curve":
                    makeCurve(keystore, name(words));
                    break;
                case "list":
                    list(keystore);
                    break;
                default:
                    throw new UsageException(command.isEmpty() ? "a command is required" : "unknown command '" + command + "'");
            }
            if (!words.isEmpty()) {
                throw new UsageException("unexpected argument '" + words.peek() + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("ccflux keys: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | GeneralSecurityException | KeystoreException | IllegalArgumentException e) {
            err.println("ccflux keys: " + e.getMessage());
            return 1;
        }
    }

    private void makeCa(Keystore keystore, String name, Map<String, String> o) throws IOException, GeneralSecurityException {
        Path crt = fresh(keystore.certificateFile(name));
        Path key = fresh(keystore.privateKeyFile(name));
        KeyPair keys = Certificates.rsaKeyPair(number(o, "--bits", 2048));
        X509Certificate cert = Certificates.selfSignedCa(subject(o, name), keys, number(o, "--days", 3650));
        write(keystore, crt, key, cert, keys);
        out.println("CA " + name + ": " + crt + " (" + fingerprint(cert) + ")");
    }

    private void issue(Keystore keystore, String name, Map<String, String> o) throws IOException, GeneralSecurityException {
        String ca = o.get("--ca");
        if (ca == null) {
            throw new UsageException("issue needs --ca CA");
        }
        X509Certificate caCert = keystore.certificate(ca);
        java.security.PrivateKey caKey = keystore.privateKey(ca);
        Path crt = fresh(keystore.certificateFile(name));
        Path key = fresh(keystore.privateKeyFile(name));
        KeyPair keys = Certificates.rsaKeyPair(number(o, "--bits", 2048));
        X509Certificate cert = Certificates.issue(subject(o, name), keys.getPublic(), caCert, caKey, number(o, "--days", 365));
        write(keystore, crt, key, cert, keys);
        out.println("certificate " + name + " issued by " + ca + ": " + crt + " (" + fingerprint(cert) + ")");
    }

    private void makeCurve(Keystore keystore, String name) throws IOException {
        Path pub = fresh(keystore.curvePublicKeyFile(name));
        Path secret = fresh(keystore.curveSecretKeyFile(name));
        privateDir(keystore);
        CurveKeys keys = CurveKeys.generate();
        keys.write(pub, secret);
        out.println("CurveZMQ key pair " + name + ": " + pub + " (public " + keys.publicText() + ")");
    }

    private void list(Keystore keystore) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(keystore.dir())) {
            files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            String file = f.getFileName().toString();
            if (file.endsWith(".crt")) {
                String name = file.substring(0, file.length() - 4);
                try {
                    X509Certificate c = keystore.certificate(name);
                    out.printf("%s  subject: %s  issuer: %s  expires: %s  key: %s%n  %s%n", name,
                            dn(c.getSubjectX500Principal()), dn(c.getIssuerX500Principal()),
                            c.getNotAfter().toInstant(), Files.isRegularFile(keystore.privateKeyFile(name)) ? "yes" : "no",
                            fingerprint(c));
                } catch (KeystoreException | IllegalArgumentException e) {
                    out.println(name + "  unreadable: " + e.getMessage());
                }
            } else if (file.endsWith(".curve")) {
                String name = file.substring(0, file.length() - 6);
                try {
                    out.printf("%s  CurveZMQ public key %s  secret: %s%n", name, keystore.curvePublicKey(name).publicText(),
                            Files.isRegularFile(keystore.curveSecretKeyFile(name)) ? "yes" : "no");
                } catch (KeystoreException | IllegalArgumentException e) {
                    out.println(name + "  unreadable: " + e.getMessage());
                }
            }
        }
    }

    /** @return the name in its encoded order, as the user wrote it and openssl prints it */
    private static String dn(javax.security.auth.x500.X500Principal name) {
        return X500Name.getInstance(name.getEncoded()).toString();
    }

    /** @return the SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it */
    static String fingerprint(X509Certificate cert) {
        try {
            String hex = Bc.hex(Bc.digest("SHA-256", cert.getEncoded())).toUpperCase(Locale.ROOT);
            StringBuilder b = new StringBuilder("SHA256 Fingerprint=");
            for (int i = 0; i < hex.length(); i += 2) {
                b.append(i > 0 ? ":" : "").append(hex, i, i + 2);
            }
            return b.toString();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    private static void write(Keystore keystore, Path crt, Path key, X509Certificate cert, KeyPair keys) throws IOException {
        privateDir(keystore);
        Certificates.writePrivateKey(key, keys.getPrivate());
        Certificates.writeCertificate(crt, cert);
    }

    private static void privateDir(Keystore keystore) throws IOException {
        Path dir = keystore.dir().resolve("private");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        }
    }

    private static Path fresh(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists; remove it first to replace it");
        }
        return file;
    }

    /** {@code /CN=a/O=b} (OpenSSL's form) or {@code CN=a,O=b}. */
    static X500Name subject(Map<String, String> o, String name) {
        String dn = o.getOrDefault("--subject", "CN=" + name).trim();
        if (dn.startsWith("/")) {
            dn = Stream.of(dn.substring(1).split("/")).filter(s -> !s.isEmpty()).collect(Collectors.joining(","));
        }
        try {
            return new X500Name(dn);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--subject: not a distinguished name: '" + dn + "'");
        }
    }

    private static int number(Map<String, String> o, String option, int dflt) {
        String v = o.get(option);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a positive number, was '" + v + "'");
    }

    private static String name(Deque<String> words) {
        if (words.isEmpty()) {
            throw new UsageException("a NAME is required");
        }
        String name = words.pop();
        try {
            Keystore.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return name;
    }

    private static Map<String, String> parse(String[] args, Deque<String> words) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (!VALUED.contains(a)) {
                    throw new UsageException("unknown option " + a);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                options.put(a, args[++i]);
            } else {
                words.add(a);
            }
        }
        return options;
    }

    /** A command line the tool does not understand. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
