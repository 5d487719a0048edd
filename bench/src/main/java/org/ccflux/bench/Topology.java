package org.ccflux.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The server JVMs of one scenario, started together and stopped together. */
final class Topology implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** Where the server side comes from, and how its JVMs run. */
    record ServerSetup(Path distribution, Path proxyJar, Path workDir, String javaOpts, int serverHwm) {
    }

    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<List<String>> readyLines = new ArrayList<>();
    private final Set<Integer> ports = new HashSet<>();
    private int entryPort;
    private SecuredEcho security;

    private Topology() {
    }

    static Topology start(Scenario scenario, ServerSetup setup) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(setup.workDir().resolve(scenario.name().toLowerCase()));
        Topology t = new Topology();
        try {
            int a = t.entryPort = t.freePort();
            switch (scenario) {
                case BARE -> t.startReference(dir, "bare", BareEchoServer.class, setup, a);
                case LOOP -> t.startReference(dir, "loop", LoopEchoServer.class, setup, a);
                case RELAY -> {
                    int b = t.freePort();
                    t.startReference(dir, "bare", BareEchoServer.class, setup, b);
                    t.startReference(dir, "relay", BareRelayServer.class, setup, a, "tcp://127.0.0.1:" + b);
                }
                case ECHO -> t.startCcflux(setup, dir, "a", a, true, List.of());
                case SIGNED, ENCRYPTED -> {
                    t.security = SecuredEcho.create(dir.resolve("keys"), scenario == Scenario.ENCRYPTED);
                    t.startCcflux(setup, dir, "a", a, true, List.of(), t.security.serverLines());
                }
                case PROXY -> {
                    int b = t.freePort();
                    t.startCcflux(setup, dir, "b", b, true, List.of());
                    t.startCcflux(setup, dir, "a", a, false, List.of(new CcfluxCopy.Proxy("tob", b)));
                }
                case FANOUT -> {
                    int b = t.freePort();
                    int c = t.freePort();
                    t.startCcflux(setup, dir, "b", b, true, List.of());
                    t.startCcflux(setup, dir, "c", c, true, List.of());
                    t.startCcflux(setup, dir, "a", a, false, List.of(new CcfluxCopy.Proxy("tob", b), new CcfluxCopy.Proxy("toc", c)));
                }
            }
            // Started together, awaited together: the JVMs boot in parallel.
            for (int i = 0; i < t.processes.size(); i++) {
                t.processes.get(i).awaitReady(t.readyLines.get(i), START_TIMEOUT);
            }
            return t;
        } catch (IOException | InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** @return the endpoint the load generator connects to (server A) */
    String endpoint() {
        return "tcp://127.0.0.1:" + entryPort;
    }

    /** @return the sealed request of a secured scenario, or null (plain requests) */
    EchoFrames.Payload payload() {
        return security == null ? null : security.request();
    }

    /** @return server names and pids, for sampling them while the load runs */
    List<String> describe() {
        return processes.stream().map(p -> p.name + " pid " + p.pid()).toList();
    }

    List<Long> pids() {
        return processes.stream().map(ServerProcess::pid).toList();
    }

    /** @return WARN/ERROR lines the servers logged, each prefixed with its server's name */
    List<String> problemLines() {
        List<String> out = new ArrayList<>();
        processes.forEach(p -> p.problemLines().forEach(l -> out.add(p.name + ": " + l)));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess p : processes) {
            p.close();
        }
    }

    /** Starts one of the bench's own reference servers, listening on {@code port}; {@code more} follows the endpoint. */
    private void startReference(Path dir, String name, Class<?> main, ServerSetup setup, int port, String... more) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(setup.javaOpts().strip().split("\\s+")));
        cmd.addAll(List.of("-cp", absoluteClassPath(), main.getName(), "tcp://127.0.0.1:" + port));
        cmd.addAll(List.of(more));
        cmd.addAll(List.of("--hwm", Integer.toString(setup.serverHwm() >= 0 ? setup.serverHwm() : 100)));
        processes.add(ServerProcess.start(name + " (:" + port + ")", cmd, Map.of(), home, List.of()));
        readyLines.add(List.of("listening on tcp://127.0.0.1:" + port));
    }

    private void startCcflux(ServerSetup setup, Path dir, String name, int port, boolean echo, List<CcfluxCopy.Proxy> proxies)
            throws IOException {
        startCcflux(setup, dir, name, port, echo, proxies, List.of());
    }

    private void startCcflux(ServerSetup setup, Path dir, String name, int port, boolean echo, List<CcfluxCopy.Proxy> proxies,
            List<String> serverLines) throws IOException {
        CcfluxCopy copy = CcfluxCopy.create(setup.distribution(), dir, name, port, echo, proxies, setup.proxyJar(), setup.serverHwm(),
                serverLines);
        processes.add(copy.start(setup.javaOpts()));
        readyLines.add(copy.readyLines());
    }

    /** @return this JVM's class path with absolute entries: the bare server runs in its own directory */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** @return a port free now and not yet handed out here (the kernel may offer a just-closed one again) */
    private int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (ports.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
