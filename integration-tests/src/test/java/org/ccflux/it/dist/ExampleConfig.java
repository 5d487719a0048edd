package org.ccflux.it.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One server folder of {@code config/examples/}, read as committed, with every {@code 127.0.0.1:<port>}
 * replaced by a free port (the same free port for the same example port across all folders of a topology).
 */
final class ExampleConfig {
    private static final Pattern LOOPBACK = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SERVER_PORT = Pattern.compile("(?m)^cc-socket\\s*=\\s*tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ROLE = Pattern.compile("(?m)^cc-role\\s*=\\s*(\\S+)");

    final int port;
    final String role;
    /** The handler .cfg files, ports substituted. */
    final Map<String, String> handlerConfigs;

    private ExampleConfig(int port, String role, Map<String, String> handlerConfigs) {
        this.port = port;
        this.role = role;
        this.handlerConfigs = handlerConfigs;
    }

    /** @param ports example port → free port; filled as new example ports are met */
    static ExampleConfig load(String topology, String server, Map<Integer, Integer> ports) {
        return load(topology, server, ports, Map.of());
    }

    /** @param replacements literal text → replacement, applied to every file after the ports (test directories, db) */
    static ExampleConfig load(String topology, String server, Map<Integer, Integer> ports, Map<String, String> replacements) {
        Path dir = Path.of(System.getProperty("ccflux.examples.dir", "../config/examples")).resolve(topology).resolve(server);
        Map<String, String> handlers = new TreeMap<>();
        String serverCfg = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String text = substitute(Files.readString(file, StandardCharsets.UTF_8), ports);
                for (Map.Entry<String, String> r : replacements.entrySet()) {
                    text = text.replace(r.getKey(), r.getValue());
                }
                String name = file.getFileName().toString();
                if (name.equals("org.ccflux.server.cfg")) {
                    serverCfg = text;
                } else if (name.startsWith("org.ccflux.handler.")) {
                    handlers.put(name, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + dir, e);
        }
        if (serverCfg == null) {
            throw new IllegalStateException(dir + " has no org.ccflux.server.cfg");
        }
        return new ExampleConfig(Integer.parseInt(group(SERVER_PORT, serverCfg, dir)), group(ROLE, serverCfg, dir), handlers);
    }

    /** @return the free port standing in for {@code examplePort} */
    static int port(Map<Integer, Integer> ports, int examplePort) {
        return ports.computeIfAbsent(examplePort, p -> RunningDistribution.freePort());
    }

    static Map<Integer, Integer> newPortMap() {
        return new LinkedHashMap<>();
    }

    private static String substitute(String text, Map<Integer, Integer> ports) {
        Matcher m = LOOPBACK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "127.0.0.1:" + port(ports, Integer.parseInt(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    private static String group(Pattern pattern, String text, Path dir) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(dir + "/org.ccflux.server.cfg lacks " + pattern);
        }
        return m.group(1);
    }
}
