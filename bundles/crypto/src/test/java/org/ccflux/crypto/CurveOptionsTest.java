package org.ccflux.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ccflux.crypto.internal.Z85;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The curve-* options and the Z85 key files behind them. */
public class CurveOptionsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void z85MatchesTheSpecificationsExample() {
        byte[] data = {(byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59, (byte) 0xF7, 0x5B};
        assertEquals("HelloWorld", Z85.encode(data));
        assertArrayEquals(data, Z85.decode("HelloWorld"));
    }

    @Test
    public void nothingSetMeansPlainZeroMq() {
        assertTrue(CurveOptions.parse(Map.of("cc-socket", "tcp://127.0.0.1:10000")).isNone());
    }

    @Test
    public void keysAreLoadedAndCheckedForTheSocketsSide() throws IOException {
        Path dir = pair("server");
        pair("client");
        CurveOptions server = CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-key", "server")).forBinding();
        assertTrue(server.own().get().secretKey().isPresent());
        assertFalse(server.server().isPresent());

        CurveOptions client = CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-server-key", "server",
                "curve-key", "client")).forConnecting();
        assertEquals(server.own().get().publicText(), client.server().get().publicText());
        assertFalse("the server's secret is not read by a client", client.server().get().secretKey().isPresent());

        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-server-key", "server")).forBinding(),
                "curve-server-key");
        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-key", "client")).forConnecting(),
                "curve-server-key");
    }

    @Test
    public void badKeysAreRefusedNamingThePropertyAndFile() throws IOException {
        Path dir = pair("server");
        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-key", "nosuch")), "curve-key: ");
        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-key", "../server")), "curve-key");
        Files.writeString(dir.resolve("short.curve"), "HelloWorld\n");
        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-server-key", "short")), "short.curve");
        Files.writeString(dir.resolve("junk.curve"), "# a comment\n~~~~~\n");
        refused(() -> CurveOptions.parse(Map.of("curve-keystore", dir.toString(), "curve-server-key", "junk")), "Z85");
    }

    private Path pair(String name) throws IOException {
        Path dir = tmp.getRoot().toPath();
        Files.createDirectories(dir.resolve("private"));
        if (!Files.exists(dir.resolve(name + ".curve"))) {
            CurveKeys.generate().write(dir.resolve(name + ".curve"), dir.resolve("private/" + name + ".curve"));
        }
        assertEquals(41, Files.readString(dir.resolve(name + ".curve"), StandardCharsets.US_ASCII).length());
        return dir;
    }

    private static void refused(Runnable r, String expected) {
        try {
            r.run();
            fail("expected a refusal mentioning " + expected);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
