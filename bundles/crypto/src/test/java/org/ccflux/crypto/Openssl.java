package org.ccflux.crypto;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl command, the independent peer of these tests, with a timeout. */
final class Openssl {
    static final String COMMAND = "/usr/bin/openssl";
    private static final long TIMEOUT_SECONDS = 20;

    private Openssl() {
    }

    /** @return combined stdout and stderr; fails the test on a non-zero exit or a timeout */
    static String run(Path dir, String... args) {
        Result r = tryRun(dir, args);
        if (r.exit != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " exited " + r.exit + ":\n" + r.output);
        }
        return r.output;
    }

    /** @return exit status and output, whatever the status */
    static Result tryRun(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(COMMAND);
        command.addAll(List.of(args));
        try {
            // output to a file, so that waitFor's timeout bounds the whole run
            Path log = Files.createTempFile(dir, "openssl", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl " + String.join(" ", args) + " timed out");
            }
            String out = Files.readString(log, StandardCharsets.ISO_8859_1);
            Files.delete(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static final class Result {
        final int exit;
        final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }
}
