package org.ccflux.it.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that boot exactly the bundles the distribution ships ({@code distribution/target/ccflux/bundle}),
 * with FileInstall watching a fresh per-class directory that already holds a server configuration on a free port.
 */
final class CcfluxOptions {
    static final String WATCH_DIR = "ccflux.it.watch.dir";
    static final String PORT = "ccflux.it.port";

    private CcfluxOptions() {
    }

    /** @param name the test class name: its watched directory is {@code it-work/osgi/<name>} */
    static Option[] distribution(String name) {
        return distribution(name, null, "local");
    }

    /**
     * Like {@link #distribution(String)}, without the shipped bundle whose jar name starts with {@code leftOut}
     * (null: none), for a test that hot-deploys it, and with {@code cc-role = role}.
     */
    static Option[] distribution(String name, String leftOut, String role) {
        Path watch = Paths.get(System.getProperty("ccflux.work.dir"), "osgi", name).toAbsolutePath();
        int port = freePort();
        try {
            deleteTree(watch);
            Files.createDirectories(watch);
            Files.writeString(watch.resolve("org.ccflux.server.cfg"),
                    "cc-socket = tcp://127.0.0.1:" + port + "\ncc-role = " + role + "\nstats-period = 1\n");
            Files.writeString(watch.resolve("org.ccflux.handler.echo-echo.cfg"), "routes = echo\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>();
        for (Path jar : shippedBundles()) {
            if (leftOut == null || !jar.getFileName().toString().startsWith(leftOut)) {
                options.add(bundle(jar.toUri().toString()));
            }
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        // The distribution brings its own pax-logging; Pax Exam must not add a second one.
        options.add(systemProperty("pax.exam.logging").value("none"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(watch.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(frameworkProperty("org.ops4j.pax.logging.property.file").value(System.getProperty("ccflux.it.logging")));
        options.add(systemProperty(WATCH_DIR).value(watch.toString()));
        options.add(systemProperty(PORT).value(Integer.toString(port)));
        options.add(systemProperty("ccflux.hello.jar").value(System.getProperty("ccflux.hello.jar")));
        options.add(systemProperty("ccflux.dist.dir").value(System.getProperty("ccflux.dist.dir")));
        options.add(systemProperty("ccflux.python.dir").value(Paths.get(System.getProperty("ccflux.python.dir", "src/test/python"))
                .toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    /** The jars of {@code boot/} (logging, started first) then {@code bundle/}, as the launcher installs them. */
    static List<Path> shippedBundles() {
        List<Path> jars = new ArrayList<>();
        for (String folder : List.of("boot", "bundle")) {
            Path dir = Paths.get(System.getProperty("ccflux.dist.dir"), folder);
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("the distribution must be built first: " + dir, e);
            }
        }
        return jars;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
