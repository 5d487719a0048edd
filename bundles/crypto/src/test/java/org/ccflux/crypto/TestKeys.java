package org.ccflux.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fresh key material made with the real openssl, once per test JVM (so at most once per test class), in CC's
 * layout: {@code <dir>/<name>.crt}, {@code <dir>/private/<name>.key}. Shapes:
 * <ul>
 * <li>{@code ca}: "Test CA1 Server", self-signed X.509 <b>v1</b> without extensions, as CC's keys/make.sh;</li>
 * <li>{@code ca2}: "Test CA2 Server", a v3 CA from {@code openssl req -x509};</li>
 * <li>{@code user1} (with emailAddress; PKCS#1 key) and {@code server} ("Host 1"; PKCS#8 key), v1, issued by ca;</li>
 * <li>{@code confdb}, issued by ca2;</li>
 * <li>{@code expired}, issued by ca, valid 2020-01-01 to 2021-01-01 ({@code openssl ca} with explicit dates);</li>
 * <li>{@code nosign}, issued by ca, v3 with keyUsage keyEncipherment only (not for signing).</li>
 * </ul>
 * All RSA 2048 with SHA-256.
 */
final class TestKeys {
    private static Path dir;

    private TestKeys() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = make();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path d = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(d)));
        }
        return dir;
    }

    /** @return a Config Admin map with {@code cms-keystore} set to the test keys plus {@code kv} pairs */
    static Map<String, Object> options(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put(CryptoOptions.KEYSTORE, dir().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Path make() throws IOException {
        Path d = Files.createTempDirectory("ccflux-crypto-keys");
        Files.createDirectories(d.resolve("private"));
        // CA1: CC's shape, a v1 self-signed certificate from a CSR without extensions
        genrsa(d, "ca", false);
        Openssl.run(d, "req", "-new", "-key", "private/ca.key", "-subj", "/CN=Test CA1 Server/O=ccflux test", "-out", "ca.csr");
        Openssl.run(d, "x509", "-req", "-in", "ca.csr", "-signkey", "private/ca.key", "-days", "3650", "-sha256",
                "-out", "ca.crt");
        // CA2: a modern v3 CA
        genrsa(d, "ca2", false);
        Openssl.run(d, "req", "-x509", "-new", "-key", "private/ca2.key", "-subj", "/CN=Test CA2 Server/O=ccflux test",
                "-days", "3650", "-sha256", "-out", "ca2.crt");
        issue(d, "user1", "/CN=user1/O=ccflux test/emailAddress=user1@example.com", "ca", true, null);
        issue(d, "server", "/CN=Host 1/O=ccflux test", "ca", false, null);
        issue(d, "confdb", "/CN=confdb/O=ccflux test", "ca2", false, null);
        Files.writeString(d.resolve("nosign.ext"), "keyUsage = critical, keyEncipherment\n");
        issue(d, "nosign", "/CN=nosign/O=ccflux test", "ca", false, "nosign.ext");
        // expired: openssl ca accepts explicit dates (x509 -req only counts days from now)
        genrsa(d, "expired", false);
        Openssl.run(d, "req", "-new", "-key", "private/expired.key", "-subj", "/CN=expired/O=ccflux test", "-out", "expired.csr");
        Files.createDirectories(d.resolve("cadb"));
        Files.writeString(d.resolve("cadb/index.txt"), "");
        Files.writeString(d.resolve("ca.cnf"), String.join("\n",
                "[ ca ]", "default_ca = testca", "[ testca ]", "database = cadb/index.txt", "new_certs_dir = cadb",
                "serial = cadb/serial", "default_md = sha256", "policy = anything", "unique_subject = no",
                "[ anything ]", "commonName = supplied", "organizationName = optional", ""));
        Openssl.run(d, "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "private/ca.key", "-in",
                "expired.csr", "-out", "expired.crt", "-startdate", "20200101000000Z", "-enddate", "20210101000000Z",
                "-notext", "-rand_serial");
        return d;
    }

    private static void genrsa(Path d, String name, boolean pkcs1) {
        if (pkcs1) { // "RSA PRIVATE KEY", what older openssl and CC's make.sh wrote
            Openssl.run(d, "genrsa", "-traditional", "-out", "private/" + name + ".key", "2048");
        } else { // "PRIVATE KEY" (PKCS#8), openssl 3's default
            Openssl.run(d, "genrsa", "-out", "private/" + name + ".key", "2048");
        }
    }

    private static void issue(Path d, String name, String subject, String ca, boolean pkcs1, String extfile) {
        genrsa(d, name, pkcs1);
        Openssl.run(d, "req", "-new", "-key", "private/" + name + ".key", "-subj", subject, "-out", name + ".csr");
        if (extfile == null) {
            Openssl.run(d, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", "private/" + ca + ".key",
                    "-set_serial", String.valueOf(name.hashCode() & 0x7fffffff), "-days", "365", "-sha256", "-out", name + ".crt");
        } else {
            Openssl.run(d, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", "private/" + ca + ".key",
                    "-set_serial", String.valueOf(name.hashCode() & 0x7fffffff), "-days", "365", "-sha256",
                    "-extfile", extfile, "-out", name + ".crt");
        }
    }

    private static void delete(Path d) {
        try (Stream<Path> files = Files.walk(d)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit: a leftover temp directory is harmless
        }
    }
}
