package org.ccflux.core.internal.security;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl command (the independent peer of the crypto tests) with a timeout. */
public final class Openssl {
    public static final String COMMAND = "/usr/bin/openssl";
    private static final long TIMEOUT_SECONDS = 30;

    private Openssl() {
    }

    /** @return combined stdout and stderr; fails the test on a non-zero exit or a timeout */
    public static String run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(COMMAND);
        command.addAll(List.of(args));
        try {
            // output to a file, so that waitFor's timeout bounds the whole run
            Path log = Files.createTempFile(dir, "openssl", ".out");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl " + String.join(" ", args) + " timed out");
            }
            String out = Files.readString(log, StandardCharsets.ISO_8859_1);
            Files.delete(log);
            if (p.exitValue() != 0) {
                throw new AssertionError("openssl " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
