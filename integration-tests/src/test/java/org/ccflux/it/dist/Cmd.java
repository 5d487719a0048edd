package org.ccflux.it.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion with a timeout, stdout and stderr merged. */
final class Cmd {

    /** Exit code and merged output of a finished command. */
    record Result(List<String> command, int exitCode, String output) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    private Cmd() {
    }

    /** Runs {@code command} in {@code dir}; {@code environment} may edit the inherited environment. */
    static Result run(Path dir, Consumer<Map<String, String>> environment, Duration timeout,
            List<String> command) {
        Path out = null;
        try {
            // A file rather than a pipe: "bin/ccflux start" leaves a background child behind, and a pipe
            // could also fill up and block a chatty process.
            out = Files.createTempFile("ccflux-it-cmd", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            environment.accept(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s; output:\n" + read(out));
            }
            return new Result(command, process.exitValue(), read(out));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
