package org.ccflux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution for one server instance, its {@code etc/} rewritten for the
 * benchmark: its own port, no stats (cc-stats = 0), root logging at WARN, and exactly the handlers the
 * scenario needs. The two INFO lines that say the server is ready stay enabled (they are logged once).
 */
final class CcfluxCopy {
    private static final String ECHO_CFG = "org.ccflux.handler.echo-echo.cfg";
    private static final String READY_LOGGERS = """

            # Benchmark: root at WARN, but keep the two startup lines the runner waits for.
            log4j2.logger.benchlisten.name = org.ccflux.core.internal.transport.RouterSocket
            log4j2.logger.benchlisten.level = INFO
            log4j2.logger.benchbound.name = org.ccflux.core.internal.routing.HandlerRegistry
            log4j2.logger.benchbound.level = INFO
            """;

    /** A proxy instance: {@code etc/org.ccflux.handler.proxy-<name>.cfg} forwarding {@code echo} to a port. */
    record Proxy(String name, int remotePort) {
    }

    final String name;
    final Path home;
    final int port;
    private final List<String> readyLines = new ArrayList<>();

    private CcfluxCopy(String name, Path home, int port) {
        this.name = name;
        this.home = home;
        this.port = port;
    }

    /**
     * @param proxyJar copied to deploy/ when the distribution's bundle/ has no proxy bundle; may be null
     * @param serverHwm {@code zmq_hwm} of the server and its proxies (0: unlimited), or -1 to keep ccflux's defaults
     * @param serverLines more lines for {@code org.ccflux.server.cfg} (the {@code cms-*} options)
     */
    static CcfluxCopy create(Path distribution, Path parent, String name, int port, boolean echo, List<Proxy> proxies,
                             Path proxyJar, int serverHwm, List<String> serverLines) throws IOException {
        Path home = parent.resolve(name);
        copyTree(distribution, home);
        CcfluxCopy copy = new CcfluxCopy(name, home, port);
        Path etc = home.resolve("etc");
        String endpoint = "tcp://127.0.0.1:" + port;
        Files.writeString(etc.resolve("org.ccflux.server.cfg"), rewrite(Files.readString(etc.resolve("org.ccflux.server.cfg")),
                Map.of("cc-socket", endpoint, "cc-stats", "0", "stats-period", "30"))
                + (serverHwm >= 0 ? "zmq_hwm = " + serverHwm + "\n" : "") + String.join("", serverLines.stream().map(l -> l + "\n").toList()));
        Path logging = etc.resolve("org.ops4j.pax.logging.cfg");
        Files.writeString(logging, rewrite(Files.readString(logging), Map.of("log4j2.rootLogger.level", "WARN")) + READY_LOGGERS);
        copy.readyLines.add("listening on " + endpoint);
        if (echo) {
            Files.writeString(etc.resolve(ECHO_CFG), "routes = echo\n");
            copy.readyLines.add("handler echo bound");
        } else {
            Files.deleteIfExists(etc.resolve(ECHO_CFG));
        }
        for (Proxy p : proxies) {
            Files.writeString(etc.resolve("org.ccflux.handler.proxy-" + p.name() + ".cfg"),
                    "routes = echo\nremote-cc = tcp://127.0.0.1:" + p.remotePort() + "\n"
                            + (serverHwm >= 0 ? "zmq_hwm = " + serverHwm + "\n" : ""));
            copy.readyLines.add("handler " + p.name() + " bound");
        }
        if (!proxies.isEmpty() && proxyJar != null && !proxyJar.startsWith(distribution)) {
            Files.copy(proxyJar, home.resolve("deploy").resolve(proxyJar.getFileName()));
        }
        return copy;
    }

    ServerProcess start(String javaOpts) throws IOException {
        return ServerProcess.start("ccflux " + name + " (:" + port + ")",
                List.of(home.resolve("bin/ccflux").toString(), "run"), Map.of("JAVA_OPTS", javaOpts), home,
                List.of(home.resolve("log/ccflux.log")));
    }

    List<String> readyLines() {
        return readyLines;
    }

    /** Replaces {@code key = value} lines (keeping order and comments), appending keys that were absent. */
    static String rewrite(String cfg, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (String line : cfg.split("\n", -1)) {
            String key = line.contains("=") && !line.stripLeading().startsWith("#") ? line.substring(0, line.indexOf('=')).strip() : null;
            if (key != null && values.containsKey(key)) {
                out.append(key).append(" = ").append(values.get(key)).append('\n');
                seen.add(key);
            } else if (!line.isEmpty() || out.length() > 0) {
                out.append(line).append('\n');
            }
        }
        values.forEach((k, v) -> {
            if (!seen.contains(k)) {
                out.append(k).append(" = ").append(v).append('\n');
            }
        });
        return out.toString().replaceAll("\n+$", "\n");
    }

    /** Copies the distribution, leaving out data/ and log/ contents: every instance starts clean. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path src : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(src);
                if (rel.getNameCount() > 1 && (rel.startsWith("data") || rel.startsWith("log"))) {
                    continue;
                }
                Path dst = to.resolve(rel.toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
