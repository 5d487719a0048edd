package org.ccflux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The runner's parameters, from its command line (see the options table in docs/BENCHMARKS.md). */
record BenchParams(Path root, Path distribution, Path output, List<Scenario> scenarios, int runs, int rateRuns,
                   double floorRate, Duration serverWarmup, Duration rateWarmup, Duration rateMeasure, LoadSettings load,
                   String serverJavaOpts, int serverHwm, boolean keep, int handlerRuns, String command) {

    static BenchParams parse(String[] argv) {
        Args a = new Args(argv);
        Path root = Path.of(a.option("--root", ".")).toAbsolutePath().normalize();
        List<Scenario> scenarios = new ArrayList<>();
        for (String id : a.option("--scenarios", "0,l,r,a,b,c,s,e").split(",")) {
            scenarios.add(Scenario.byId(id));
        }
        LoadSettings load = LoadSettings.defaults("")
                .withWindow(a.intOption("--window", 1000))
                .withTimes(a.secondsOption("--warmup", 3), a.secondsOption("--measure", 5), a.secondsOption("--drain", 3))
                .withBodyBytes(a.intOption("--body-bytes", 300));
        BenchParams p = new BenchParams(root,
                root.resolve(a.option("--distribution", "distribution/target/ccflux")),
                root.resolve(a.option("--output", "docs/BENCHMARKS.md")),
                List.copyOf(scenarios), a.intOption("--runs", 5), a.intOption("--rate-runs", 3),
                a.doubleOption("--floor-rate", 10_000),
                a.secondsOption("--server-warmup", 20), a.secondsOption("--rate-warmup", 1), a.secondsOption("--rate-measure", 2),
                load,
                a.option("--server-java-opts", "-Xmx512m"), a.intOption("--server-hwm", 0),
                Boolean.parseBoolean(a.option("--keep", "false")), a.intOption("--handler-runs", 3),
                System.getProperty("bench.command", "java org.ccflux.bench.BenchmarkRunner " + String.join(" ", argv)));
        a.requireAllUsed();
        if (p.runs < 1 || p.rateRuns < 0 || p.handlerRuns < 0 || p.floorRate < 0) {
            throw new IllegalArgumentException("--runs must be ≥ 1, --rate-runs, --handler-runs and --floor-rate ≥ 0");
        }
        return p;
    }

    /** @return the proxy bundle: in the distribution's bundle/ if it is there, else the module's build output, else null */
    Path proxyJar() {
        for (Path dir : List.of(distribution.resolve("bundle"), root.resolve("bundles/handler-proxy/target"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var jars = Files.newDirectoryStream(dir, "handler-proxy-*.jar")) {
                for (Path jar : jars) {
                    String n = jar.getFileName().toString();
                    if (!n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")) {
                        return jar;
                    }
                }
            } catch (IOException e) {
                // unreadable: treat as absent
            }
        }
        return null;
    }
}
