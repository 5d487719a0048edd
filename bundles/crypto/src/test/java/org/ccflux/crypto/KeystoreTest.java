package org.ccflux.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeystoreTest {
    private static Path keys;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void makeKeys() {
        keys = TestKeys.dir();
    }

    @Test
    public void readsPkcs1AndPkcs8KeysAsOpensslWritesThem() throws Exception {
        assertTrue(Files.readString(keys.resolve("private/user1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(keys.resolve("private/server.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        Keystore ks = Keystore.open(keys);
        for (String name : new String[] {"user1", "server"}) {
            RSAPrivateKey key = (RSAPrivateKey) ks.privateKey(name);
            RSAPublicKey pub = (RSAPublicKey) ks.certificate(name).getPublicKey();
            assertEquals(name, pub.getModulus(), key.getModulus());
            assertEquals(2048, key.getModulus().bitLength());
        }
    }

    @Test
    public void filesAreReadOnce() throws Exception {
        Path dir = tmp.newFolder("ks").toPath();
        Files.createDirectories(dir.resolve("private"));
        Files.copy(keys.resolve("user1.crt"), dir.resolve("u.crt"));
        Files.copy(keys.resolve("private/user1.key"), dir.resolve("private/u.key"));
        Keystore ks = Keystore.open(dir);
        assertSame(ks.certificate("u"), ks.certificate("u"));
        assertSame(ks.privateKey("u"), ks.privateKey("u"));
        Files.delete(dir.resolve("u.crt"));
        Files.delete(dir.resolve("private/u.key"));
        ks.certificate("u");
        ks.privateKey("u");
    }

    @Test
    public void namesWithPathsAreRefused() {
        Keystore ks = Keystore.open(keys);
        for (String bad : new String[] {"../ca", "a/b", "/etc/passwd", "a\\b", "..", "", " "}) {
            try {
                ks.certificate(bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("a key name must be a plain file name"));
            }
        }
    }

    @Test
    public void errorsNameTheFile() throws Exception {
        Path dir = tmp.newFolder("bad").toPath();
        Files.createDirectories(dir.resolve("private"));
        Files.writeString(dir.resolve("text.crt"), "just text\n");
        Files.copy(keys.resolve("private/user1.key"), dir.resolve("keyascert.crt"));
        Files.copy(keys.resolve("user1.crt"), dir.resolve("private/certaskey.key"));
        Openssl.run(dir, "pkey", "-in", keys.resolve("private/server.key").toString(), "-aes128", "-passout", "pass:secret",
                "-out", "private/locked.key");
        Keystore ks = Keystore.open(dir);
        assertKeystoreError(() -> ks.certificate("missing"), dir.resolve("missing.crt"), "missing; expected a PEM certificate");
        assertKeystoreError(() -> ks.privateKey("missing"), dir.resolve("private/missing.key"), "missing; expected a PEM private key");
        assertKeystoreError(() -> ks.certificate("text"), dir.resolve("text.crt"), "no PEM block found");
        assertKeystoreError(() -> ks.certificate("keyascert"), dir.resolve("keyascert.crt"), "not a PEM certificate");
        assertKeystoreError(() -> ks.privateKey("certaskey"), dir.resolve("private/certaskey.key"), "not a PEM private key");
        assertKeystoreError(() -> ks.privateKey("locked"), dir.resolve("private/locked.key"), "the private key is encrypted");
    }

    @Test
    public void emptyDirectoryIsTheCurrentOne() {
        assertEquals(Path.of("."), Keystore.open("").dir());
        assertEquals(Path.of(System.getProperty("user.home")), Keystore.open("~").dir());
    }

    private static void assertKeystoreError(Runnable r, Path file, String problem) {
        try {
            r.run();
            fail("no error for " + file);
        } catch (KeystoreException e) {
            assertEquals(file, e.file());
            assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": " + problem));
        }
    }
}
