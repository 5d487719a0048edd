package org.ccflux.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.internal.tool.KeysTool;

/**
 * The keys and options of the signed and encrypted echo scenarios, made by {@code ccflux keys}: the server verifies
 * (and decrypts) requests from {@code client} and signs (and encrypts to {@code client}) its replies. Every request
 * carries the same sealed body: without {@code cms-time-window} there is no replay cache, so each copy is verified
 * in full, and the generator spends no CPU on signing.
 */
final class SecuredEcho {
    private final Path keys;
    private final boolean encrypted;

    private SecuredEcho(Path keys, boolean encrypted) {
        this.keys = keys;
        this.encrypted = encrypted;
    }

    static SecuredEcho create(Path keys, boolean encrypted) throws IOException {
        Files.createDirectories(keys);
        for (String[] args : new String[][] {{"ca", "ca"}, {"issue", "server", "--ca", "ca"}, {"issue", "client", "--ca", "ca"}}) {
            List<String> all = new ArrayList<>(List.of("--dir", keys.toString()));
            all.addAll(List.of(args));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            if (new KeysTool(new PrintStream(new ByteArrayOutputStream())).run(all.toArray(new String[0]), new PrintStream(err)) != 0) {
                throw new IOException("ccflux keys " + String.join(" ", args) + ": " + err);
            }
        }
        return new SecuredEcho(keys, encrypted);
    }

    List<String> serverLines() {
        List<String> lines = new ArrayList<>(List.of("cms-keystore = " + keys, "cms-verify-ca = ca", "cms-sign = server"));
        if (encrypted) {
            lines.addAll(List.of("cms-decrypt = server", "cms-encrypt = client"));
        }
        return lines;
    }

    EchoFrames.Payload request() {
        Map<String, String> options = encrypted
                ? Map.of("cms-keystore", keys.toString(), "cms-sign", "client", "cms-encrypt", "server")
                : Map.of("cms-keystore", keys.toString(), "cms-sign", "client");
        CcMessage m = MessageSealer.create(CryptoOptions.parse(options))
                .seal("echo.request", CcJson.header("echo.request").put("target", "ccflux-bench"), null);
        return new EchoFrames.Payload(m.body(), m.signature());
    }
}
