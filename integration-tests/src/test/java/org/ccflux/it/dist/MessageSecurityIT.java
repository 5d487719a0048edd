package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.client.loop.ZmqDefaults;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Message security (CC §5) end to end: the real distribution with {@code cms-*} options, driven by messages that
 * the real {@code openssl cms} signed and encrypted, and the server's answers checked by {@code openssl cms -verify}.
 *
 * <ul>
 * <li>{@code verifier}: {@code cms-verify-ca = ca}, {@code cms-sign = server1}, {@code cms-time-window = 60} (so the
 * replay cache is on). Every kind of bad message is refused and counted by reason while valid ones keep being
 * answered, signed.</li>
 * <li>{@code decryptor}: {@code cms-verify-ca = ca}, {@code cms-decrypt = server2}, {@code cms-sign = server2}: an
 * openssl envelope (signed attached, then encrypted to server2) is decrypted and answered. Its echo handler pings
 * the verifier ({@code ping-remotes}), so the verifier answering those pings shows that the pings are signed.</li>
 * </ul>
 */
public class MessageSecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int REPLY_MS = 5000;
    private static final String OPENSSL = "/usr/bin/openssl";

    private static Path keys;
    private static Path scratch;
    private static RunningDistribution verifier;
    private static RunningDistribution decryptor;
    private static ZContext zmq;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeClass
    public static void start() throws Exception {
        Path work = Path.of(System.getProperty("ccflux.work.dir")).resolve(MessageSecurityIT.class.getSimpleName() + "-keys");
        RunningDistribution.deleteTree(work);
        keys = Files.createDirectories(work.resolve("keys"));
        scratch = Files.createDirectories(work.resolve("scratch"));
        makeKeys();
        zmq = new ZContext(1);

        int verifierPort = RunningDistribution.freePort();
        int decryptorPort = RunningDistribution.freePort();
        CompletableFuture<RunningDistribution> v = CompletableFuture.supplyAsync(() -> RunningDistribution.start(
                "security-verifier", verifierPort, "local", null, List.of(
                        "cms-keystore = " + keys, "cms-verify-ca = ca", "cms-sign = server1", "cms-time-window = 60")));
        CompletableFuture<RunningDistribution> d = CompletableFuture.supplyAsync(() -> RunningDistribution.start(
                "security-decryptor", decryptorPort, "local",
                Map.of("org.ccflux.handler.echo-echo.cfg", "routes = echo\nping-remotes = tcp://127.0.0.1:" + verifierPort + "\n"),
                List.of("cms-keystore = " + keys, "cms-verify-ca = ca", "cms-decrypt = server2", "cms-sign = server2")));
        try {
            verifier = v.join();
            decryptor = d.join();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterClass
    public static void stop() {
        RunningDistribution v = verifier;
        RunningDistribution d = decryptor;
        verifier = null;
        decryptor = null;
        if (zmq != null) {
            zmq.close();
        }
        try {
            if (d != null) {
                d.close();
            }
        } finally {
            if (v != null) {
                v.close();
            }
        }
    }

    // ---- the verifying and signing server ----

    @Test
    public void aSignedEchoRequestIsAnsweredAndTheAnswerVerifiesWithOpenssl() throws Exception {
        try (Client c = new Client(verifier)) {
            byte[] body = body("echo.request", "signed-1", now());
            c.send("echo.request", body, sign(body, "user1"));
            List<byte[]> reply = c.receive(REPLY_MS);
            assertNotNull("no answer to a valid signed request" + verifier.diagnostics(), reply);
            assertEquals("echo.response", text(reply.get(1)));
            assertEquals("signed-1", JSON.readTree(reply.get(2)).path("orig_target").asText());
            assertTrue("the answer carries a signature", reply.get(3).length > 0);
            String signer = verifyWithOpenssl(reply.get(2), reply.get(3));
            assertTrue("signed by the server's cms-sign certificate: " + signer, signer.contains("Host 1"));
        }
    }

    @Test
    public void everyKindOfBadMessageIsRefusedAndCountedWhileValidTrafficIsAnswered() throws Exception {
        try (Client c = new Client(verifier)) {
            // the genuine message whose copy comes back later
            byte[] original = body("echo.request", "original", now());
            byte[] originalSig = sign(original, "user1");
            c.send("echo.request", original, originalSig);
            c.expectAnswer("original");

            byte[] b = body("echo.request", "x-tampered-body", now());
            byte[] s = sign(b, "user1");
            c.send("echo.request", text(b).replace("x-tampered", "y-tampered").getBytes(StandardCharsets.UTF_8), s);
            c.expectOnlyTheNextValidAnswered();

            b = body("echo.request", "tampered-signature", now());
            s = sign(b, "user1");
            s[s.length - 1] ^= 0x01; // inside the RSA signature value, the last field of the DER
            c.send("echo.request", b, s);
            c.expectOnlyTheNextValidAnswered();

            b = body("echo.request", "wrong-ca", now());
            c.send("echo.request", b, sign(b, "rogue"));
            c.expectOnlyTheNextValidAnswered();

            c.send("echo.request", body("echo.request", "unsigned", now()), new byte[0]);
            c.expectOnlyTheNextValidAnswered();

            b = body("log.info", "hijacked", now()); // a signed log record presented as an echo request
            c.send("echo.request", b, sign(b, "user1"));
            c.expectOnlyTheNextValidAnswered();

            b = body("echo.request", "stale", now() - 3600);
            c.send("echo.request", b, sign(b, "user1"));
            c.expectOnlyTheNextValidAnswered();

            c.send("echo.request", original, originalSig); // the very same frames again
            c.expectOnlyTheNextValidAnswered();

            ObjectNode withHash = (ObjectNode) JSON.readTree(body("echo.request", "wrong-blob", now()));
            withHash.put("blob_hash", "SHA-1:" + sha1Hex("the blob that was signed".getBytes(StandardCharsets.UTF_8)));
            b = JSON.writeValueAsBytes(withHash);
            c.send("echo.request", b, sign(b, "user1"), "another blob".getBytes(StandardCharsets.UTF_8));
            c.expectOnlyTheNextValidAnswered();
        }

        Map<String, String> expected = Map.of("count.rejected.bad-signature", "2", "count.rejected.untrusted-signer", "1",
                "count.rejected.unsigned", "1", "count.rejected.hijacked", "1", "count.rejected.stale", "1",
                "count.rejected.replayed", "1", "count.rejected.blob-hash-mismatch", "1", "count.rejected", "8");
        Map<String, String> total = verifier.await("rejection counters in [total] of the info file", TIMEOUT,
                () -> verifier.infoSection("total"), t -> expected.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(t.get(e.getKey()))));
        assertFalse("no other rejection reason: " + total, total.keySet().stream()
                .anyMatch(k -> k.startsWith("count.rejected.") && !expected.containsKey(k)));

        String log = verifier.logText() + verifier.consoleText();
        for (String reason : List.of("bad-signature", "untrusted-signer", "unsigned", "hijacked", "stale", "replayed",
                "blob-hash-mismatch")) {
            assertTrue("a log line for " + reason + verifier.diagnostics(),
                    log.contains("message echo.request from peer ") && log.contains("rejected: " + reason + " ("));
        }
        assertFalse("refusals never log a stack trace" + verifier.diagnostics(), log.contains("at org.ccflux.crypto."));
    }

    // ---- the decrypting server ----

    @Test
    public void anOpensslEnvelopeIsDecryptedAndAnsweredAndPlainMessagesAreRefused() throws Exception {
        try (Client c = new Client(decryptor)) {
            byte[] body = body("echo.request", "enveloped-1", now());
            c.send("echo.request", "ENC1".getBytes(StandardCharsets.US_ASCII), signAndEncrypt(body, "user1", "server2"));
            List<byte[]> reply = c.receive(REPLY_MS);
            assertNotNull("no answer to the envelope" + decryptor.diagnostics(), reply);
            assertEquals("enveloped-1", JSON.readTree(reply.get(2)).path("orig_target").asText());
            assertTrue(verifyWithOpenssl(reply.get(2), reply.get(3)).contains("Host 2"));

            byte[] plain = body("echo.request", "signed-but-plain", now());
            c.send("echo.request", plain, sign(plain, "user1"));
            assertEquals("a signed but unencrypted message is not answered", null, c.receive(500));
        }
        decryptor.await("count.rejected.not-encrypted in the info file", TIMEOUT, () -> decryptor.infoSection("total"),
                t -> "1".equals(t.get("count.rejected.not-encrypted")));
    }

    @Test
    public void echoPingsAreSignedByTheServerThatSendsThem() {
        // The decryptor pings the verifier every second; the verifier answers only signed, trusted pings.
        // An unsigned ping would be refused as "unsigned" and never answered.
        decryptor.await("pongs from the verifying server", TIMEOUT, () -> decryptor.infoSection("total"),
                t -> Long.parseLong(t.getOrDefault("echo.pong.received", "0")) >= 2);
    }

    // ---- messages ----

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** @return a CC body as Python's json.dumps writes it (CC's spacing), with {@code marker} as the echo target */
    private static byte[] body(String req, String marker, double time) {
        return String.format(Locale.ROOT, "{\"req\": \"%s\", \"time\": %.3f, \"hostname\": \"it-host\", \"target\": \"%s\","
                + " \"blob_hash\": \"\"}", req, time, marker).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- openssl ----

    /** CC's sign: detached DER SignedData over exactly the body bytes. */
    private static byte[] sign(byte[] body, String signer) {
        String n = "m" + SEQ.incrementAndGet();
        write(n + ".json", body);
        openssl("cms", "-sign", "-binary", "-outform", "DER", "-in", n + ".json", "-signer", keys.resolve(signer + ".crt").toString(),
                "-inkey", keys.resolve("private/" + signer + ".key").toString(), "-out", n + ".sig");
        return read(n + ".sig");
    }

    /** CC's sign_and_encrypt: sign attached, then envelope that DER to the recipient (AES-128-CBC). */
    private static byte[] signAndEncrypt(byte[] body, String signer, String recipient) {
        String n = "m" + SEQ.incrementAndGet();
        write(n + ".json", body);
        openssl("cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", n + ".json", "-signer",
                keys.resolve(signer + ".crt").toString(), "-inkey", keys.resolve("private/" + signer + ".key").toString(),
                "-out", n + ".signed");
        openssl("cms", "-encrypt", "-binary", "-aes128", "-outform", "DER", "-in", n + ".signed", "-out", n + ".env",
                keys.resolve(recipient + ".crt").toString());
        return read(n + ".env");
    }

    /** @return the signer certificate's subject; fails unless openssl verifies the signature against the CA */
    private static String verifyWithOpenssl(byte[] body, byte[] signature) {
        String n = "r" + SEQ.incrementAndGet();
        write(n + ".json", body);
        write(n + ".sig", signature);
        openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", n + ".sig", "-content", n + ".json", "-CAfile",
                keys.resolve("ca.crt").toString(), "-signer", n + ".signer.pem", "-out", "/dev/null");
        return openssl("x509", "-noout", "-subject", "-in", n + ".signer.pem");
    }

    private static void makeKeys() throws IOException {
        Files.createDirectories(keys.resolve("private"));
        // CC's shape (keys/make.sh): a self-signed v1 CA and v1 certificates without extensions, but 2048-bit SHA-256
        openssl(keys, "genrsa", "-out", "private/ca.key", "2048");
        openssl(keys, "req", "-new", "-key", "private/ca.key", "-subj", "/CN=Test CA1 Server", "-out", "ca.csr");
        openssl(keys, "x509", "-req", "-in", "ca.csr", "-signkey", "private/ca.key", "-days", "30", "-sha256", "-out", "ca.crt");
        openssl(keys, "genrsa", "-out", "private/rogue-ca.key", "2048");
        openssl(keys, "req", "-x509", "-new", "-key", "private/rogue-ca.key", "-subj", "/CN=Rogue CA", "-days", "30",
                "-sha256", "-out", "rogue-ca.crt");
        issue("user1", "/CN=user1/emailAddress=user1@example.com", "ca");
        issue("server1", "/CN=Host 1", "ca");
        issue("server2", "/CN=Host 2", "ca");
        issue("rogue", "/CN=rogue", "rogue-ca");
    }

    private static void issue(String name, String subject, String ca) {
        openssl(keys, "genrsa", "-out", "private/" + name + ".key", "2048");
        openssl(keys, "req", "-new", "-key", "private/" + name + ".key", "-subj", subject, "-out", name + ".csr");
        openssl(keys, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", "private/" + ca + ".key",
                "-set_serial", String.valueOf(SEQ.incrementAndGet()), "-days", "30", "-sha256", "-out", name + ".crt");
    }

    private static String openssl(String... args) {
        return openssl(scratch, args);
    }

    private static String openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(OPENSSL));
        command.addAll(List.of(args));
        Cmd.Result r = Cmd.run(dir, env -> { }, Duration.ofSeconds(30), command);
        assertEquals(r.toString(), 0, r.exitCode());
        return r.output();
    }

    private static void write(String name, byte[] data) {
        try {
            Files.write(scratch.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(scratch.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DEALER on the server, with ccflux's socket defaults. */
    private static final class Client implements AutoCloseable {
        private final ZMQ.Socket socket;
        private final RunningDistribution server;
        private int valid;

        Client(RunningDistribution server) {
            this.server = server;
            socket = zmq.createSocket(SocketType.DEALER);
            ZmqDefaults.apply(socket);
            socket.setLinger(0);
            socket.connect(server.endpoint());
        }

        void send(String type, byte[] body, byte[] signature, byte[]... blob) {
            List<byte[]> frames = new ArrayList<>(List.of(new byte[0], type.getBytes(StandardCharsets.US_ASCII), body, signature));
            frames.addAll(List.of(blob));
            for (int i = 0; i < frames.size(); i++) {
                socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }

        /** @return the next message's frames, or null after {@code millis} */
        List<byte[]> receive(int millis) {
            socket.setReceiveTimeOut(millis);
            byte[] first = socket.recv();
            if (first == null) {
                return null;
            }
            List<byte[]> frames = new ArrayList<>(List.of(first));
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv());
            }
            return frames;
        }

        /** The next answer must be the echo of {@code marker}. */
        void expectAnswer(String marker) throws IOException {
            List<byte[]> reply = receive(REPLY_MS);
            assertNotNull("no answer to " + marker + server.diagnostics(), reply);
            JsonNode json = JSON.readTree(reply.get(2));
            assertEquals("the answer after a refused message is the next valid one's", marker, json.path("orig_target").asText());
        }

        /**
         * Sends a valid signed request and expects its answer as the very next message: had the bad message just sent
         * been answered, that answer would come first (the server keeps order).
         */
        void expectOnlyTheNextValidAnswered() throws IOException {
            String marker = "valid-" + (++valid);
            byte[] b = body("echo.request", marker, now());
            send("echo.request", b, sign(b, "user1"));
            expectAnswer(marker);
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
