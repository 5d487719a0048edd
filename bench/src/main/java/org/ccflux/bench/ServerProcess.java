package org.ccflux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM started by the runner (a ccflux copy or the bare echo), with its console in a file.
 * Stopping sends SIGTERM to exactly this process (bin/ccflux {@code run} execs the JVM, so the pid is the
 * JVM's) and escalates to SIGKILL only if it does not exit in time.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    final String name;
    private final Process process;
    private final Path console;
    private final List<Path> logs;

    private ServerProcess(String name, Process process, Path console, List<Path> logs) {
        this.name = name;
        this.process = process;
        this.console = console;
        this.logs = logs;
    }

    /** @param logs files the readiness lines may appear in, besides the console */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Path workDir, List<Path> logs)
            throws IOException {
        Path console = workDir.resolve("console.out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        return new ServerProcess(name, pb.start(), console, logs);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until every needle has appeared in the console or a log. @throws IOException if it exits or times out */
    void awaitReady(List<String> needles, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = allOutput();
            if (needles.stream().allMatch(text::contains)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited (code " + process.exitValue() + ") before ready:\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = needles.stream().filter(n -> !text.contains(n)).toList();
                throw new IOException(name + " not ready after " + timeout.toSeconds() + " s, missing " + missing + ":\n" + tail(30));
            }
            Thread.sleep(100);
        }
    }

    /** @return console lines at WARN or above (servers run at root level WARN), and a bare server's drop count */
    List<String> problemLines() {
        List<String> out = new ArrayList<>();
        for (String line : read(console).split("\n")) { // ccflux's console appender gets every log line too
            if (line.contains("cc-stats is 0")) {
                continue; // the benchmark turns stats off on purpose
            }
            if (line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("stopping; dropped ") && !line.endsWith(" 0")) {
                out.add(line);
            }
        }
        return out;
    }

    String tail(int lines) {
        String[] all = read(console).split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop in " + STOP_TIMEOUT.toSeconds() + " s; killing it");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String allOutput() {
        StringBuilder sb = new StringBuilder(read(console));
        logs.forEach(l -> sb.append('\n').append(read(l)));
        return sb.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
