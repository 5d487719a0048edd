package org.ccflux.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Interoperability with the real openssl, the independent CMS implementation CC itself used (via M2Crypto). */
public class OpensslInteropTest {
    private static Path keys;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void makeKeys() {
        keys = TestKeys.dir();
    }

    private static byte[] body(String type) {
        ObjectNode json = CcJson.header(type);
        json.put("log_msg", "h\u00e9llo from the test");
        return CcJson.toBytes(json);
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        Files.write(p, data);
        return p;
    }

    private static String k(String name) {
        return keys.resolve(name).toString();
    }

    @Test
    public void opensslDetachedSignatureIsAccepted() throws IOException {
        byte[] body = body("log.info");
        Path in = write("body.json", body);
        Path sig = tmp.getRoot().toPath().resolve("sig.der");
        Openssl.run(tmp.getRoot().toPath(), "cms", "-sign", "-binary", "-outform", "DER", "-in", in.toString(),
                "-signer", k("user1.crt"), "-inkey", k("private/user1.key"), "-out", sig.toString());
        OpenResult r = MessageOpener.create(CryptoOptions.parse(TestKeys.options("cms-verify-ca", "ca")))
                .open("log.info", body, Files.readAllBytes(sig), null);
        assertTrue(r.toString(), r.isAccepted());
        OpenResult.Accepted a = (OpenResult.Accepted) r;
        assertEquals("user1", a.signer().commonName());
        assertEquals("log.info", a.json().get("req").asText());
        assertArrayEquals(body, a.body());
    }

    @Test
    public void opensslSha1SignatureOfAnOldCcSenderIsAccepted() throws IOException {
        byte[] body = body("pub.infofile");
        Path in = write("body.json", body);
        Path sig = tmp.getRoot().toPath().resolve("sig.der");
        Openssl.run(tmp.getRoot().toPath(), "cms", "-sign", "-binary", "-md", "sha1", "-outform", "DER", "-in",
                in.toString(), "-signer", k("server.crt"), "-inkey", k("private/server.key"), "-out", sig.toString());
        OpenResult r = MessageOpener.create(CryptoOptions.parse(TestKeys.options("cms-verify-ca", "ca2, ca")))
                .open("pub.infofile", body, Files.readAllBytes(sig), null);
        assertTrue(r.toString(), r.isAccepted());
        assertEquals("Host 1", ((OpenResult.Accepted) r).signer().commonName());
    }

    @Test
    public void ccfluxSignatureVerifiesWithOpenssl() throws IOException {
        for (String digest : new String[] {"sha256", "sha1"}) {
            CcMessage m = MessageSealer.create(CryptoOptions.parse(TestKeys.options("cms-sign", "user1", "cms-digest", digest)))
                    .seal("log.info", CcJson.header("log.info"), null);
            Path body = write("body-" + digest + ".json", m.body());
            Path sig = write("sig-" + digest + ".der", m.signature());
            Path out = tmp.getRoot().toPath().resolve("out-" + digest);
            String log = Openssl.run(tmp.getRoot().toPath(), "cms", "-verify", "-binary", "-inform", "DER", "-in",
                    sig.toString(), "-content", body.toString(), "-CAfile", k("ca.crt"), "-out", out.toString());
            assertTrue(log, log.contains("Verification successful"));
            assertArrayEquals(m.body(), Files.readAllBytes(out));
        }
    }

    @Test
    public void ccfluxSignatureFromAWrongCaFailsWithOpensslToo() throws IOException {
        CcMessage m = MessageSealer.create(CryptoOptions.parse(TestKeys.options("cms-sign", "confdb")))
                .seal("db.confdb", CcJson.header("db.confdb"), null);
        Openssl.Result r = Openssl.tryRun(tmp.getRoot().toPath(), "cms", "-verify", "-binary", "-inform", "DER", "-in",
                write("sig.der", m.signature()).toString(), "-content", write("body.json", m.body()).toString(),
                "-CAfile", k("ca.crt"), "-out", "/dev/null");
        assertTrue(r.output, r.exit != 0);
    }

    @Test
    public void opensslSignAndEncryptIsDecryptedAndVerified() throws IOException {
        byte[] body = body("task.send.x1");
        Path dir = tmp.getRoot().toPath();
        Path in = write("body.json", body);
        // CC's sign_and_encrypt: sign attached (BINARY), then encrypt that DER (BINARY, AES-128)
        Openssl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", in.toString(), "-signer",
                k("user1.crt"), "-inkey", k("private/user1.key"), "-out", "signed.der");
        Openssl.run(dir, "cms", "-encrypt", "-binary", "-aes128", "-outform", "DER", "-in", "signed.der", "-out",
                "env.der", k("server.crt"));
        MessageOpener opener = MessageOpener.create(CryptoOptions.parse(
                TestKeys.options("cms-verify-ca", "ca", "cms-decrypt", "server")));
        OpenResult r = opener.open("task.send.x1", MessageSealer.ENC1, Files.readAllBytes(dir.resolve("env.der")), null);
        assertTrue(r.toString(), r.isAccepted());
        OpenResult.Accepted a = (OpenResult.Accepted) r;
        assertArrayEquals(body, a.body());
        assertEquals("user1", a.signer().commonName());
    }

    @Test
    public void ccfluxEnvelopeDecryptsWithOpensslAndItsSignatureVerifies() throws IOException {
        for (String cipher : new String[] {"aes128-cbc", "aes256-cbc"}) {
            MessageSealer sealer = MessageSealer.create(CryptoOptions.parse(
                    TestKeys.options("cms-sign", "user1", "cms-encrypt", "server", "cms-cipher", cipher)));
            ObjectNode json = CcJson.header("task.send.x2");
            json.put("cmd", "run");
            CcMessage m = sealer.seal("task.send.x2", json, null);
            assertArrayEquals(MessageSealer.ENC1, m.body());
            Path dir = tmp.getRoot().toPath();
            Path env = write("env-" + cipher + ".der", m.signature());
            Path inner = dir.resolve("inner-" + cipher + ".der");
            Openssl.run(dir, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", env.toString(), "-recip",
                    k("server.crt"), "-inkey", k("private/server.key"), "-out", inner.toString());
            Path content = dir.resolve("content-" + cipher + ".json");
            String log = Openssl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", inner.toString(),
                    "-CAfile", k("ca.crt"), "-out", content.toString());
            assertTrue(log, log.contains("Verification successful"));
            assertEquals("run", CcJson.MAPPER.readTree(Files.readAllBytes(content)).get("cmd").asText());
        }
    }

    @Test
    public void twoOpensslSignersAreRefused() throws IOException {
        byte[] body = body("log.info");
        Path dir = tmp.getRoot().toPath();
        Path in = write("body.json", body);
        Openssl.run(dir, "cms", "-sign", "-binary", "-outform", "DER", "-in", in.toString(),
                "-signer", k("user1.crt"), "-inkey", k("private/user1.key"),
                "-signer", k("server.crt"), "-inkey", k("private/server.key"), "-out", "sig.der");
        OpenResult r = MessageOpener.create(CryptoOptions.parse(TestKeys.options("cms-verify-ca", "ca")))
                .open("log.info", body, Files.readAllBytes(dir.resolve("sig.der")), null);
        assertEquals(Reason.MULTIPLE_SIGNERS, ((OpenResult.Rejected) r).reason());
    }

    @Test
    public void opensslSignatureOverOtherBytesIsABadSignature() throws IOException {
        byte[] body = body("log.info");
        Path dir = tmp.getRoot().toPath();
        Openssl.run(dir, "cms", "-sign", "-binary", "-outform", "DER", "-in", write("body.json", body).toString(),
                "-signer", k("user1.crt"), "-inkey", k("private/user1.key"), "-out", "sig.der");
        byte[] tampered = body.clone();
        tampered[tampered.length - 2] ^= 1;
        OpenResult r = MessageOpener.create(CryptoOptions.parse(TestKeys.options("cms-verify-ca", "ca")))
                .open("log.info", tampered, Files.readAllBytes(dir.resolve("sig.der")), null);
        assertEquals(r.toString(), Reason.BAD_SIGNATURE, ((OpenResult.Rejected) r).reason());
    }
}
