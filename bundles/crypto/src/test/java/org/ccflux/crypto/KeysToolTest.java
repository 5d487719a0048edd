package org.ccflux.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.internal.tool.KeysTool;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code ccflux keys} end to end: its keys are accepted by openssl and by ccflux's own sealing and opening. */
public class KeysToolTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private String out;
    private String err;

    @Before
    public void setUp() {
        dir = tmp.getRoot().toPath().resolve("keys");
    }

    private int keys(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = new KeysTool(new PrintStream(o, true, StandardCharsets.UTF_8)).run(all, new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private void ok(String... args) {
        assertEquals(err, 0, keys(args));
    }

    private String k(String file) {
        return dir.resolve(file).toString();
    }

    @Test
    public void certificatesChainToTheCaInOpensslAndListShowsOpensslsFingerprint() throws IOException {
        Files.createDirectories(dir);
        ok("ca", "ca", "--subject", "/CN=Test CA/O=ccflux");
        ok("issue", "alice", "--ca", "ca", "--subject", "CN=alice,O=ccflux", "--days", "30");

        assertTrue(Openssl.run(dir, "verify", "-CAfile", k("ca.crt"), k("alice.crt")).contains("OK"));
        assertTrue(Openssl.run(dir, "x509", "-noout", "-subject", "-in", k("alice.crt")).contains("CN = alice, O = ccflux"));
        Openssl.run(dir, "pkey", "-noout", "-in", k("private/alice.key")); // a key openssl reads

        ok("list");
        for (String name : new String[] {"ca", "alice"}) {
            String fingerprint = Openssl.run(dir, "x509", "-noout", "-fingerprint", "-sha256", "-in", k(name + ".crt")).trim();
            assertTrue(out, out.contains(fingerprint.replace("sha256", "SHA256")));
        }
        assertTrue(out, out.contains("alice  subject: CN=alice,O=ccflux  issuer: CN=Test CA,O=ccflux"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private/alice.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private"))));
    }

    @Test
    public void issuedKeysSignAndEncryptForCcfluxAndOpenssl() throws IOException {
        ok("ca", "ca");
        ok("issue", "alice", "--ca", "ca");
        ok("issue", "server", "--ca", "ca");
        String ks = dir.toString();

        CcMessage sealed = MessageSealer.create(CryptoOptions.parse(java.util.Map.of("cms-keystore", ks, "cms-sign", "alice",
                "cms-encrypt", "server"))).seal("log.info", CcJson.header("log.info"), null);
        OpenResult r = MessageOpener.create(CryptoOptions.parse(java.util.Map.of("cms-keystore", ks, "cms-verify-ca", "ca",
                "cms-decrypt", "server"))).open(sealed);
        assertTrue(r.toString(), r.isAccepted());
        assertEquals("alice", ((OpenResult.Accepted) r).signer().commonName());

        CcMessage signed = MessageSealer.create(CryptoOptions.parse(java.util.Map.of("cms-keystore", ks, "cms-sign", "alice")))
                .seal("log.info", CcJson.header("log.info"), null);
        Path body = Files.write(tmp.getRoot().toPath().resolve("body.json"), signed.body());
        Path sig = Files.write(tmp.getRoot().toPath().resolve("sig.der"), signed.signature());
        String log = Openssl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(), "-content",
                body.toString(), "-CAfile", k("ca.crt"), "-out", "/dev/null");
        assertTrue(log, log.contains("Verification successful"));
    }

    @Test
    public void existingFilesAreNeverOverwritten() throws IOException {
        ok("ca", "ca");
        byte[] before = Files.readAllBytes(dir.resolve("ca.crt"));
        assertEquals(1, keys("ca", "ca"));
        assertTrue(err, err.contains("exists"));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("ca.crt")));
    }

    @Test
    public void usageErrorsExitTwoAndExplain() {
        assertEquals(2, keys());
        assertTrue(err, err.contains("a command is required"));
        assertEquals(2, keys("issue", "bob"));
        assertTrue(err, err.contains("--ca"));
        assertEquals(2, keys("ca", "../evil"));
        assertTrue(err, err.contains("'../evil'"));
        assertEquals(2, keys("ca", "x", "--days", "soon"));
        assertTrue(err, err.contains("--days"));
        assertEquals(2, keys("frobnicate"));
        assertEquals(1, keys("issue", "bob", "--ca", "nosuchca"));
        assertTrue(err, err.contains("nosuchca.crt"));
    }

    @Test
    public void curveKeysMatchLibzmqAndTheKeystoreChecksThePair() throws Exception {
        ok("curve", "server");
        CurveKeys pair = Keystore.open(dir).curveKeyPair("server");
        assertEquals(pair.publicText(), Keystore.open(dir).curvePublicKey("server").publicText());
        ok("list");
        assertTrue(out, out.contains("server  CurveZMQ public key " + pair.publicText() + "  secret: yes"));

        // libzmq derives the same public key from the secret: the keys are real Curve25519 keys
        String secret = Files.readString(dir.resolve("private/server.curve")).trim();
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, zmq; print(zmq.curve_public(sys.argv[1].encode()).decode())", secret).redirectErrorStream(true).start();
        String libzmq = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(libzmq, 0, p.waitFor());
        assertEquals(pair.publicText(), libzmq);

        ok("curve", "other");
        Files.copy(dir.resolve("other.curve"), dir.resolve("server.curve"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            Keystore.open(dir).curveKeyPair("server");
            fail("a mismatched pair must be refused");
        } catch (KeystoreException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("does not belong"));
        }
        assertNotEquals(pair.publicText(), Keystore.open(dir).curvePublicKey("other").publicText());
    }
}
