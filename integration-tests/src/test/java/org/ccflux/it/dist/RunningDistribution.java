package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A private copy of the assembled distribution, started with {@code bin/ccflux start} on a free loopback port
 * (stats every second, infofile level 3). {@link #close()} stops it and asserts that the stop succeeded.
 */
public final class RunningDistribution implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
    /** bin/ccflux stop waits this long before SIGKILL; must stay below CTL_TIMEOUT. */
    private static final String STOP_TIMEOUT_SECONDS = "20";
    private static final int TAIL_LINES = 40;

    private final Path home;
    private final int port;
    private final String role;
    /** The handler .cfg files of etc/ (name → content), or null to keep the distribution's defaults. */
    private final Map<String, String> handlerConfigs;
    /** More lines for etc/org.ccflux.server.cfg, e.g. {@code cms-verify-ca = ca}. */
    private final List<String> extraServerLines;
    private Cmd.Result stopResult;

    private RunningDistribution(Path home, int port, String role, Map<String, String> handlerConfigs,
            List<String> extraServerLines) {
        this.home = home;
        this.port = port;
        this.role = role;
        this.handlerConfigs = handlerConfigs;
        this.extraServerLines = extraServerLines;
    }

    /**
     * Copies the distribution to {@code <ccflux.work.dir>/<name>}, configures it (the embedded default handlers,
     * role local, a free port), starts it and waits until ready.
     */
    public static RunningDistribution start(String name) {
        return start(name, freePort(), "local", null);
    }

    /**
     * Like {@link #start(String)}, on {@code port} with {@code role}, and with etc/'s handler configurations
     * ({@code org.ccflux.handler.*}) replaced by {@code handlerConfigs} (file name → content). One of them must
     * bind a handler named {@code echo}: readiness is "listening" plus "handler echo bound".
     */
    public static RunningDistribution start(String name, int port, String role, Map<String, String> handlerConfigs) {
        return start(name, port, role, handlerConfigs, List.of());
    }

    /**
     * Like {@link #start(String, int, String, Map)}, with {@code extraServerLines} appended to
     * etc/org.ccflux.server.cfg (for example {@code cms-*} options).
     */
    public static RunningDistribution start(String name, int port, String role, Map<String, String> handlerConfigs,
            List<String> extraServerLines) {
        Path source = Path.of(requiredProperty("ccflux.dist.dir"));
        assertTrue("distribution folder missing (build the distribution module first): " + source,
                Files.isRegularFile(source.resolve("bin/ccflux")));
        Path home = Path.of(requiredProperty("ccflux.work.dir")).resolve(name).toAbsolutePath();
        RunningDistribution dist = new RunningDistribution(home, port, role, handlerConfigs, List.copyOf(extraServerLines));
        dist.prepare(source);
        try {
            Cmd.Result started = dist.ctl("start");
            assertEquals("bin/ccflux start: " + started + dist.diagnostics(), 0, started.exitCode());
            dist.awaitReady();
        } catch (AssertionError | RuntimeException e) {
            dist.stop(); // do not leave a half-started server behind
            throw e;
        }
        return dist;
    }

    public String endpoint() {
        return "tcp://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    public Path deployDir() {
        return home.resolve("deploy");
    }

    /** The server log, log/ccflux.log ("" before it exists). */
    public String logText() {
        return readIfExists(home.resolve("log/ccflux.log"));
    }

    /** Everything the JVM wrote to stdout/stderr, log/console.out. */
    public String consoleText() {
        return readIfExists(home.resolve("log/console.out"));
    }

    public String infoFileText() {
        return readIfExists(home.resolve("data/ccserver.info"));
    }

    /** The {@code key: value} lines of one infofile section, e.g. "total" or "latest"; empty if absent. */
    public Map<String, String> infoSection(String section) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : infoFileText().split("\n", -1)) {
            if (line.startsWith("[")) {
                inside = line.equals("[" + section + "]");
            } else if (inside && line.isBlank()) {
                break;
            } else if (inside) {
                int colon = line.indexOf(": ");
                values.put(colon < 0 ? line : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 2));
            }
        }
        return values;
    }

    /** Puts {@code source} into deploy/ as {@code fileName}, atomically so FileInstall never sees half a file. */
    public void deploy(Path source, String fileName) throws IOException {
        Path staged = staging().resolve(fileName);
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        publish(staged);
    }

    /** Writes (or replaces) deploy/{@code fileName} atomically. */
    public void deployText(String fileName, String content) throws IOException {
        Path staged = staging().resolve(fileName);
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        publish(staged);
    }

    public void undeploy(String fileName) throws IOException {
        Files.deleteIfExists(deployDir().resolve(fileName));
    }

    /** Runs {@code bin/ccflux <args>} for this copy. */
    public Cmd.Result ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/ccflux").toString()));
        command.addAll(List.of(args));
        return Cmd.run(home, env -> {
            // The default pidfile (data/ of this copy) keeps copies apart; an inherited override would not.
            env.remove("CCFLUX_PIDFILE");
            env.put("CCFLUX_STOP_TIMEOUT", STOP_TIMEOUT_SECONDS);
        }, CTL_TIMEOUT, command);
    }

    /** Polls {@code probe} until {@code done} accepts its value; a timeout failure includes the log tails. */
    public <T> T await(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        return Wait.until(what, timeout, probe, done, this::diagnostics);
    }

    /** True if something (the server, until it is stopped) is listening on this copy's port. */
    public boolean portInUse() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // ignore TIME_WAIT leftovers, only a live listener counts
            socket.bind(new InetSocketAddress(HOST, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Stops the server once ({@code bin/ccflux stop}); later calls return the recorded result. */
    public synchronized Cmd.Result stop() {
        if (stopResult == null) {
            stopResult = ctl("stop");
        }
        return stopResult;
    }

    @Override
    public void close() {
        Cmd.Result result = stop();
        assertEquals("bin/ccflux stop: " + result + diagnostics(), 0, result.exitCode());
    }

    /** Tails of log/ccflux.log and log/console.out, for assertion messages. */
    public String diagnostics() {
        return "\n--- " + home + "/log/ccflux.log (tail) ---\n" + tail(logText())
                + "\n--- " + home + "/log/console.out (tail) ---\n" + tail(consoleText());
    }

    /** Same file system as deploy/ (for atomic moves) but not watched by FileInstall. */
    private Path staging() throws IOException {
        return Files.createDirectories(home.resolve("staging"));
    }

    private void publish(Path staged) throws IOException {
        Files.move(staged, deployDir().resolve(staged.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitReady() {
        String listening = "listening on " + endpoint();
        String echoBound = "handler echo bound";
        // The start-up lines are logged before pax-logging has applied etc/org.ops4j.pax.logging.cfg and so
        // currently land in console.out only; accept them from either file.
        await(listening + " and " + echoBound, STARTUP_TIMEOUT, () -> {
            if (ctl("status").exitCode() != 0) {
                throw new IllegalStateException("server process is not running");
            }
            return logText() + consoleText();
        }, text -> text.contains(listening) && text.contains(echoBound));
    }

    private void prepare(Path source) {
        try {
            stopLeftover();
            deleteTree(home);
            copyTree(source, home);
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("log"));
            List<String> serverCfg = new ArrayList<>(List.of(
                    "# written by " + getClass().getSimpleName(),
                    "cc-socket = " + endpoint(),
                    "cc-role = " + role,
                    "cc-stats = 1",
                    "stats-period = 1",
                    "infofile = data/ccserver.info",
                    "infofile-level = 3"));
            serverCfg.addAll(extraServerLines);
            serverCfg.add("");
            Files.writeString(home.resolve("etc/org.ccflux.server.cfg"), String.join("\n", serverCfg), StandardCharsets.UTF_8);
            if (handlerConfigs != null) {
                try (Stream<Path> etc = Files.list(home.resolve("etc"))) {
                    for (Path cfg : (Iterable<Path>) etc.filter(f -> f.getFileName().toString().startsWith("org.ccflux.handler."))::iterator) {
                        Files.delete(cfg);
                    }
                }
                for (Map.Entry<String, String> cfg : handlerConfigs.entrySet()) {
                    Files.writeString(home.resolve("etc").resolve(cfg.getKey()), cfg.getValue(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
    }

    /** A server left running in this folder by an aborted earlier run would hold the pidfile and a port. */
    private void stopLeftover() {
        if (Files.isRegularFile(home.resolve("data/ccflux.pid")) && Files.isRegularFile(home.resolve("bin/ccflux"))) {
            ctl("stop");
        }
    }

    /** Copies everything but runtime state: data/ (pidfile, felix-cache, infofile) and log/ of the source. */
    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = source.relativize(path);
                if (relative.startsWith("data") || relative.startsWith("log")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Deletes {@code root} and everything below it, if it exists (tests start from a clean work directory). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** A loopback port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String readIfExists(Path file) {
        try {
            // Lenient decoding: a log may quote bytes of the malformed messages sent by the tests.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines, minus the idle once-a-second stats heartbeats that would otherwise fill the tail. */
    private static String tail(String text) {
        List<String> lines = text.lines().filter(line -> !line.endsWith("StatsReporter: {count: 0}")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static String requiredProperty(String name) {
        return Optional.ofNullable(System.getProperty(name)).orElseThrow(() -> new AssertionError(
                "system property " + name + " not set; run through maven-failsafe (integration-tests/pom.xml)"));
    }
}
