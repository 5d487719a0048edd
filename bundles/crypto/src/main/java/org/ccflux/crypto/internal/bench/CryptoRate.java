package org.ccflux.crypto.internal.bench;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.OpenResult;
import org.ccflux.crypto.internal.Bc;

/**
 * Single-thread rates of the message crypto with RSA-2048 keys, for docs/BENCHMARKS.md. Not a test.
 *
 * <pre>
 * mvn -q -pl bundles/crypto dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bundles/crypto/target/classes:$(cat /tmp/cp.txt) org.ccflux.crypto.internal.bench.CryptoRate [seconds]
 * </pre>
 *
 * Key material (a v1 CA and two v1 certificates, as CC's keys/make.sh makes them) is generated in a temporary
 * keystore and deleted afterwards. Each figure is the full library path: JSON serialisation plus CMS for
 * sealing; CMS plus JSON parsing and the §5.4 checks for opening.
 */
public final class CryptoRate {
    private CryptoRate() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Path dir = Files.createTempDirectory("ccflux-bench-keys");
        try {
            makeKeys(dir);
            run(dir, seconds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, double seconds) {
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

        System.out.printf("ccflux crypto, one thread, RSA-2048, BouncyCastle %s, Java %s%n",
                Bc.PROVIDER.getVersionStr(), System.getProperty("java.version"));
        System.out.printf("  signature %d bytes, envelope %d bytes, JSON body %d bytes%n",
                signed.signature().length, sealed.signature().length, signed.body().length);
        report("open, no crypto (JSON + checks)", seconds, () -> none.open(unsigned));
        report("sign (seal, cms-sign, SHA-256)", seconds, () -> signer.seal("log.info", body(), null));
        report("verify (open, cms-verify-ca, cached signer)", seconds, () -> check(verifier.open(signed)));
        report("verify, first sight of the signer (PKIX + verifier built)", seconds, () -> check(
                MessageOpener.create(CryptoOptions.parse(Map.of("cms-keystore", ks, "cms-verify-ca", "ca"))).open(signed)));
        report("sign + encrypt (seal, cms-encrypt, AES-128)", seconds, () -> sealer.seal("log.info", body(), null));
        report("decrypt + verify (open, cms-decrypt)", seconds, () -> check(decryptor.open(sealed)));
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

    private static void report(String what, double seconds, Supplier<Object> op) {
        loop(Math.min(1.0, seconds / 3), op); // warm-up
        double[] rate = loop(seconds, op);
        System.out.printf("  %-58s %,9.0f /s wall %,9.0f /s cpu  (%.1f µs cpu each)%n", what, rate[0], rate[1], 1e6 / rate[1]);
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

    private static void makeKeys(Path dir) throws GeneralSecurityException, IOException, OperatorCreationException {
        Files.createDirectories(dir.resolve("private"));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA", Bc.PROVIDER);
        gen.initialize(2048);
        KeyPair ca = gen.generateKeyPair();
        X500Name caName = new X500Name("CN=Bench CA");
        write(dir.resolve("ca.crt"), certificate(caName, caName, ca, ca.getPrivate(), 1));
        int serial = 2;
        for (String name : new String[] {"user1", "server"}) {
            KeyPair kp = gen.generateKeyPair();
            write(dir.resolve(name + ".crt"), certificate(new X500Name("CN=" + name), caName, kp, ca.getPrivate(), serial++));
            write(dir.resolve("private").resolve(name + ".key"), kp.getPrivate());
        }
    }

    private static X509CertificateHolder certificate(X500Name subject, X500Name issuer, KeyPair kp, PrivateKey issuerKey,
            int serial) throws OperatorCreationException {
        Instant now = Instant.now();
        return new JcaX509v1CertificateBuilder(issuer, BigInteger.valueOf(serial), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), subject, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER).build(issuerKey));
    }

    private static void write(Path file, Object pem) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter out = new JcaPEMWriter(w)) {
            out.writeObject(pem);
        }
    }
}
