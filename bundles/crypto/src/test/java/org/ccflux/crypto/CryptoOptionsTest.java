package org.ccflux.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CryptoOptionsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void makeKeys() {
        TestKeys.dir();
    }

    @Test
    public void nothingConfiguredMeansNoCrypto() {
        CryptoOptions o = CryptoOptions.none();
        assertFalse(o.sign().isPresent());
        assertTrue(o.verifyCa().isEmpty());
        assertEquals(Duration.ZERO, o.timeWindow());
        assertFalse(o.replayCache());
        assertEquals("sha256", o.digest());
        assertEquals("aes128-cbc", o.cipher());
        assertEquals(Paths.get("."), o.keystore().dir());
        assertFalse(MessageSealer.create(o).signs());
    }

    @Test
    public void fullConfigurationIsRead() {
        CryptoOptions o = CryptoOptions.parse(TestKeys.options("cms-sign", "user1", "cms-encrypt", "server",
                "cms-verify-ca", "ca, ca2", "cms-decrypt", "server", "cms-time-window", "300", "cms-digest", "SHA1",
                "cms-cipher", "aes256-cbc", "cms-allow", "user1 = log"));
        assertEquals("user1", o.sign().get());
        assertEquals("server", o.encrypt().get());
        assertEquals(List.of("ca", "ca2"), o.verifyCa());
        assertEquals(Duration.ofSeconds(300), o.timeWindow());
        assertEquals("sha1", o.digest());
        assertEquals("aes256-cbc", o.cipher());
        assertTrue("replay cache defaults to on with a window and CAs", o.replayCache());
        assertEquals(CryptoOptions.DEFAULT_REPLAY_CACHE_SIZE, o.replayCacheSize());
        assertTrue(o.allow().isPresent());
        assertTrue(o.toString(), o.toString().contains("cms-sign=user1"));
    }

    @Test
    public void verifyCaAcceptsAnArrayAsConfigAdminGivesIt() {
        CryptoOptions o = CryptoOptions.parse(Map.of("cms-keystore", TestKeys.dir().toString(),
                "cms-verify-ca", new String[] {"ca", "ca2"}));
        assertEquals(List.of("ca", "ca2"), o.verifyCa());
    }

    @Test
    public void ccsExplicitEmptyValueMeansUnset() {
        assertFalse(CryptoOptions.parse(TestKeys.options("cms-sign", "\"\"")).sign().isPresent());
    }

    @Test
    public void tildeIsTheHomeDirectory() {
        assertEquals(Paths.get(System.getProperty("user.home"), "keys"),
                CryptoOptions.parse(Map.of("cms-keystore", "~/keys")).keystore().dir());
    }

    @Test
    public void encryptRequiresSign() {
        assertRefused("cms-encrypt requires cms-sign", "cms-encrypt", "server");
    }

    @Test
    public void decryptRequiresVerifyCa() {
        assertRefused("cms-decrypt requires cms-verify-ca", "cms-decrypt", "server");
    }

    @Test
    public void missingFilesAreNamedWithTheProperty() throws Exception {
        assertRefused("cms-sign: missing file " + TestKeys.dir().resolve("nobody.crt"), "cms-sign", "nobody");
        assertRefused("cms-verify-ca: missing file " + TestKeys.dir().resolve("ca3.crt"), "cms-verify-ca", "ca, ca3");
        assertRefused("cms-encrypt: missing file " + TestKeys.dir().resolve("nobody.crt"),
                "cms-sign", "user1", "cms-encrypt", "nobody");
        // a certificate without its private key
        Path dir = tmp.newFolder("cert-only").toPath();
        Files.copy(TestKeys.dir().resolve("user1.crt"), dir.resolve("certonly.crt"));
        Files.copy(TestKeys.dir().resolve("ca.crt"), dir.resolve("ca.crt"));
        assertRefused(Map.of("cms-keystore", dir.toString(), "cms-sign", "certonly"),
                "cms-sign: missing file " + dir.resolve("private/certonly.key"));
        assertRefused(Map.of("cms-keystore", dir.toString(), "cms-verify-ca", "ca", "cms-decrypt", "certonly"),
                "cms-decrypt: missing file " + dir.resolve("private/certonly.key"));
    }

    @Test
    public void keyNamesCannotLeaveTheKeystore() {
        assertRefused("cms-sign must be a key name without '/', '\\' or '..', was '../etc/passwd'", "cms-sign", "../etc/passwd");
        assertRefused("cms-verify-ca must be a key name", "cms-verify-ca", "ca, sub/ca");
        assertRefused("cms-decrypt must be a key name", "cms-verify-ca", "ca", "cms-decrypt", "..");
    }

    @Test
    public void digestCipherAndNumbersAreChecked() {
        assertRefused("cms-digest must be one of sha256, sha1, sha384, sha512, was 'md5'", "cms-digest", "md5");
        assertRefused("cms-cipher must be one of aes128-cbc, aes192-cbc, aes256-cbc, was 'des3'", "cms-cipher", "des3");
        assertRefused("cms-time-window must be an integer", "cms-time-window", "soon");
        assertRefused("cms-time-window must be between 0 and", "cms-time-window", "-5");
        assertRefused("cms-replay-cache must be one of yes/no", "cms-replay-cache", "maybe");
    }

    @Test
    public void replayCacheNeedsAWindowAndCas() {
        assertRefused("cms-replay-cache requires cms-time-window > 0", "cms-verify-ca", "ca", "cms-replay-cache", "yes");
        assertRefused("cms-replay-cache requires cms-verify-ca", "cms-time-window", "60", "cms-replay-cache", "yes");
        assertFalse("a window without CAs has no replay cache",
                CryptoOptions.parse(TestKeys.options("cms-time-window", "60")).replayCache());
        assertFalse(CryptoOptions.parse(TestKeys.options("cms-verify-ca", "ca", "cms-time-window", "60",
                "cms-replay-cache", "no")).replayCache());
    }

    @Test
    public void allowListNeedsCasAndValidEntries() {
        assertRefused("cms-allow requires cms-verify-ca", "cms-allow", "user1 = log");
        assertRefused("cms-allow: entry 'user1 log' must look like 'signer = prefix …'",
                "cms-verify-ca", "ca", "cms-allow", "user1 log");
        assertRefused("cms-allow: entry 'user1 = log..x'", "cms-verify-ca", "ca", "cms-allow", "user1 = log..x");
        assertRefused("cms-allow: entry '= log' needs a signer", "cms-verify-ca", "ca", "cms-allow", "= log");
        assertRefused("cms-allow: entry 'user1 =' needs a signer and at least one type prefix",
                "cms-verify-ca", "ca", "cms-allow", "user1 =");
    }

    @Test
    public void unusableKeyFilesAreNamedWhenLoading() throws Exception {
        Path dir = tmp.newFolder("bad-keys").toPath();
        Files.createDirectories(dir.resolve("private"));
        Files.copy(TestKeys.dir().resolve("user1.crt"), dir.resolve("mixed.crt"));
        Files.copy(TestKeys.dir().resolve("private/server.key"), dir.resolve("private/mixed.key"));
        Files.writeString(dir.resolve("junk.crt"), "hello\n");
        Files.copy(TestKeys.dir().resolve("private/server.key"), dir.resolve("private/junk.key"));
        try {
            MessageSealer.create(CryptoOptions.parse(Map.of("cms-keystore", dir.toString(), "cms-sign", "mixed")));
            fail("a key of another certificate was accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("cms-sign: private/mixed.key does not belong to mixed.crt", e.getMessage());
        }
        try {
            MessageSealer.create(CryptoOptions.parse(Map.of("cms-keystore", dir.toString(), "cms-sign", "junk")));
            fail("junk accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cms-sign: " + dir.resolve("junk.crt") + ": no PEM block"));
        }
        try {
            MessageOpener.create(CryptoOptions.parse(Map.of("cms-keystore", dir.toString(), "cms-verify-ca", "junk")));
            fail("junk accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cms-verify-ca: " + dir.resolve("junk.crt")));
        }
    }

    private static void assertRefused(String message, String... kv) {
        assertRefused(TestKeys.options(kv), message);
    }

    private static void assertRefused(Map<String, ?> properties, String message) {
        try {
            CryptoOptions.parse(properties);
            fail("accepted " + properties);
        } catch (IllegalArgumentException e) {
            assertTrue("got: " + e.getMessage(), e.getMessage().startsWith(message));
        }
    }
}
