package org.ccflux.crypto.internal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.OpenResult;
import org.ccflux.crypto.internal.Bc;
import org.ccflux.crypto.internal.tool.Certificates;

/**
 * Single-thread rates of the message crypto with RSA-2048 keys, for docs/BENCHMARKS.md. Not a test.
 *
 * <pre>
 * mvn -q -pl bundles/crypto dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bundles/crypto/target/classes:$(cat /tmp/cp.txt) org.ccflux.crypto.internal.bench.CryptoRate [seconds]
 * </pre>
 *
 * Key material (a CA and two certificates, as {@code ccflux keys} makes them) is generated in a temporary
 * keystore and deleted afterwards. Each figure is the full library path: JSON serialisation plus CMS for
 * sealing; CMS plus JSON parsing and the §5.4 checks for opening.
 */
public final class CryptoRate {
    private CryptoRate() {
    }

    /** One measured operation: per second of wall time, and per second of the thread's CPU time. */
    public record Rate(String what, double wallPerSecond, double cpuPerSecond) {
        @Override
        public String toString() {
            return String.format("  %-58s %,9.0f /s wall %,9.0f /s cpu  (%.1f µs cpu each)", what, wallPerSecond, cpuPerSecond,
                    1e6 / cpuPerSecond);
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.println(describe());
        measure(seconds).forEach(System.out::println);
    }

    /** @return the library and JVM the rates are for */
    public static String describe() {
        return String.format("ccflux crypto, one thread, RSA-2048, BouncyCastle %s, Java %s", Bc.PROVIDER.getVersionStr(),
                System.getProperty("java.version"));
    }

    /** Measures every operation for {@code seconds} each, on fresh keys in a temporary keystore. */
    public static List<Rate> measure(double seconds) throws GeneralSecurityException, IOException {
        Path dir = Files.createTempDirectory("ccflux-bench-keys");
        try {
            makeKeys(dir);
            return run(dir, seconds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Rate> run(Path dir, double seconds) {
        String ks = dir.toString();
        MessageSealer plain = MessageSealer.create(CryptoOptions.none());
        MessageSealer signer = MessageSealer.create(CryptoOptions.parse(Map.of("cms-keystore", ks, "cms-sign", "user1")));
        MessageSealer sealer = MessageSealer.create(CryptoOptions.parse(
                Map.of("cms-keystore", ks, "cms-sign", "user1", "cms-encrypt", "server")));
        MessageOpener none = MessageOpener.create(CryptoOptions.none());
        MessageOpener verifier = MessageOpener.create(CryptoOptions.parse(Map.of("cms-keystore", ks, "cms-verify-ca", "ca")));
        MessageOpener decryptor = MessageOpener.create(CryptoOptions.parse(
                Map.of("cms-keystore", ks, "cms-verify-ca", "ca", "cms-decrypt", "server")));

        CcMessage unsigned = plain.seal("log.info", body(), null);
        CcMessage signed = signer.seal("log.info", body(), null);
        CcMessage sealed = sealer.seal("log.info", body(), null);
        check(none.open(unsigned));
        check(verifier.open(signed));
        check(decryptor.open(sealed));

        return List.of(
                report("open, no crypto (JSON + checks)", seconds, () -> none.open(unsigned)),
                report("sign (seal, cms-sign, SHA-256)", seconds, () -> signer.seal("log.info", body(), null)),
                report("verify (open, cms-verify-ca, cached signer)", seconds, () -> check(verifier.open(signed))),
                report("verify, first sight of the signer (PKIX + verifier built)", seconds, () -> check(
                        MessageOpener.create(CryptoOptions.parse(Map.of("cms-keystore", ks, "cms-verify-ca", "ca"))).open(signed))),
                report("sign + encrypt (seal, cms-encrypt, AES-128)", seconds, () -> sealer.seal("log.info", body(), null)),
                report("decrypt + verify (open, cms-decrypt)", seconds, () -> check(decryptor.open(sealed))));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode body() {
        com.fasterxml.jackson.databind.node.ObjectNode b = CcJson.header("log.info");
        b.put("log_level", "INFO").put("job_name", "bench").put("log_msg", "a typical log line of some length");
        return b;
    }

    private static Object check(OpenResult r) {
        if (!r.isAccepted()) {
            throw new IllegalStateException("benchmark message refused: " + r);
        }
        return r;
    }

    private static Rate report(String what, double seconds, Supplier<Object> op) {
        loop(Math.min(1.0, seconds / 3), op); // warm-up
        double[] rate = loop(seconds, op);
        return new Rate(what, rate[0], rate[1]);
    }

    /**
     * @return operations per second of wall time, and per second of this thread's CPU time (the figure that
     *         stays meaningful on a shared, loaded machine)
     */
    private static double[] loop(double seconds, Supplier<Object> op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long n = 0;
        Object sink = null;
        while (System.nanoTime() < end) {
            sink = op.get();
            n++;
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new double[] {n / wall, n / cpu};
    }

    private static void makeKeys(Path dir) throws GeneralSecurityException, IOException {
        Files.createDirectories(dir.resolve("private"));
        KeyPair caKeys = Certificates.rsaKeyPair(2048);
        X509Certificate ca = Certificates.selfSignedCa(new X500Name("CN=Bench CA"), caKeys, 30);
        Certificates.writeCertificate(dir.resolve("ca.crt"), ca);
        for (String name : new String[] {"user1", "server"}) {
            KeyPair kp = Certificates.rsaKeyPair(2048);
            Certificates.writeCertificate(dir.resolve(name + ".crt"),
                    Certificates.issue(new X500Name("CN=" + name), kp.getPublic(), ca, caKeys.getPrivate(), 30));
            Certificates.writePrivateKey(dir.resolve("private").resolve(name + ".key"), kp.getPrivate());
        }
    }
}
