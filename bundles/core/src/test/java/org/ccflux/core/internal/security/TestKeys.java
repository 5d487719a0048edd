package org.ccflux.core.internal.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.ccflux.crypto.CryptoOptions;

/**
 * Fresh key material made with the real openssl once per test JVM, in CC's keystore layout
 * ({@code <dir>/<name>.crt}, {@code <dir>/private/<name>.key}), RSA 2048 with SHA-256:
 * <ul>
 * <li>{@code ca}: "Test CA1 Server", a self-signed v1 CA without extensions (CC's keys/make.sh shape);</li>
 * <li>{@code ca2}: "Test CA2 Server", another CA (v3, {@code req -x509});</li>
 * <li>{@code user1} ("user1") and {@code server} ("Host 1"): v1 certificates issued by ca;</li>
 * <li>{@code rogue}: issued by ca2, so untrusted by a server that verifies against ca.</li>
 * </ul>
 */
public final class TestKeys {
    private static Path dir;

    private TestKeys() {
    }

    public static synchronized Path dir() {
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

    /** @return a Config Admin map with {@code cms-keystore} set to the test keys plus the {@code kv} pairs */
    public static Map<String, Object> options(String... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(CryptoOptions.KEYSTORE, dir().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** @return parsed options over the test keys */
    public static CryptoOptions crypto(String... kv) {
        return CryptoOptions.parse(options(kv));
    }

    private static Path make() throws IOException {
        Path d = Files.createTempDirectory("ccflux-core-keys");
        Files.createDirectories(d.resolve("private"));
        Openssl.run(d, "genrsa", "-out", "private/ca.key", "2048");
        Openssl.run(d, "req", "-new", "-key", "private/ca.key", "-subj", "/CN=Test CA1 Server/O=ccflux test", "-out", "ca.csr");
        Openssl.run(d, "x509", "-req", "-in", "ca.csr", "-signkey", "private/ca.key", "-days", "3650", "-sha256", "-out", "ca.crt");
        Openssl.run(d, "genrsa", "-out", "private/ca2.key", "2048");
        Openssl.run(d, "req", "-x509", "-new", "-key", "private/ca2.key", "-subj", "/CN=Test CA2 Server/O=ccflux test",
                "-days", "3650", "-sha256", "-out", "ca2.crt");
        issue(d, "user1", "/CN=user1/O=ccflux test", "ca");
        issue(d, "server", "/CN=Host 1/O=ccflux test", "ca");
        issue(d, "rogue", "/CN=rogue/O=ccflux test", "ca2");
        return d;
    }

    private static void issue(Path d, String name, String subject, String ca) {
        Openssl.run(d, "genrsa", "-out", "private/" + name + ".key", "2048");
        Openssl.run(d, "req", "-new", "-key", "private/" + name + ".key", "-subj", subject, "-out", name + ".csr");
        Openssl.run(d, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", "private/" + ca + ".key",
                "-set_serial", String.valueOf(name.hashCode() & 0x7fffffff), "-days", "365", "-sha256", "-out", name + ".crt");
    }

    private static void delete(Path d) {
        try (Stream<Path> files = Files.walk(d)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
