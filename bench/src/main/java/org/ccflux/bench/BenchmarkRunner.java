package org.ccflux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ccflux.crypto.internal.bench.CryptoRate;
import java.util.stream.Stream;

/**
 * Runs every scenario in one go (servers started per scenario, load runs in this JVM), prints the figures
 * and writes docs/BENCHMARKS.md. Started by bench/run-benchmarks.sh; options in {@link BenchParams}.
 */
public final class BenchmarkRunner {
    private static final Duration WARMUP_CHUNK = Duration.ofSeconds(2);

    private final BenchParams params;
    private volatile Topology current;

    private BenchmarkRunner(BenchParams params) {
        this.params = params;
    }

    public static void main(String[] args) throws Exception {
        BenchParams params;
        try {
            params = BenchParams.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isExecutable(params.distribution().resolve("bin/ccflux"))) {
            System.err.println("bench: no built distribution at " + params.distribution()
                    + " (build it first, e.g. mvn -B -o -q package -pl distribution)");
            System.exit(2);
        }
        System.exit(new BenchmarkRunner(params).run() ? 0 : 1);
    }

    /** Requests kept open in the signed and encrypted scenarios: enough to keep every crypto thread busy. */
    static final int SECURED_WINDOW = 32;

    /** @return false if a scenario failed (skips are not failures) */
    private boolean run() throws IOException, InterruptedException {
        String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));
        String loadBefore = MachineInfo.loadAverage();
        Path work = Files.createTempDirectory("ccflux-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopCurrent)); // Ctrl-C leaves no server behind
        Path proxyJar = params.proxyJar();
        Topology.ServerSetup setup = new Topology.ServerSetup(params.distribution(), proxyJar, work,
                params.serverJavaOpts(), params.serverHwm());
        System.out.println("ccflux bench: work dir " + work + ", proxy bundle " + (proxyJar == null ? "not built" : proxyJar));

        List<CryptoRate.Rate> cryptoRates = List.of();
        if (params.scenarios().stream().anyMatch(Scenario::secured)) {
            System.out.println(CryptoRate.describe());
            try {
                cryptoRates = CryptoRate.measure(3);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot measure the crypto rates: " + e.getMessage(), e);
            }
            cryptoRates.forEach(System.out::println);
        }

        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : params.scenarios()) {
            System.out.println();
            System.out.println("== " + s.id + ": " + s.title);
            if (s.needsProxy && proxyJar == null) {
                System.out.println("SKIPPED: proxy bundle not built");
                results.add(ScenarioResult.skipped(s, "proxy bundle not built (no handler-proxy jar in "
                        + params.root().relativize(params.distribution().resolve("bundle")) + " or bundles/handler-proxy/target)"));
                continue;
            }
            results.add(runScenario(s, setup));
        }

        List<HandlerRates.Rate> handlerRates = List.of();
        if (params.handlerRuns() > 0) {
            System.out.println();
            System.out.println("== handlers: infowriter and database");
            try {
                handlerRates = HandlerRates.measure(work, params.handlerRuns());
            } catch (Throwable e) {
                System.out.println("FAILED: " + e);
                results.add(ScenarioResult.ran(Scenario.ECHO).failed("handler rates: " + e));
            }
        }

        Report report = new Report(params, results, date, loadBefore, MachineInfo.loadAverage(), cryptoRates, handlerRates);
        report.write();
        System.out.println();
        System.out.println(report.targetsForConsole());
        System.out.println("report written to " + params.output());
        if (params.keep()) {
            System.out.println("server copies and logs kept in " + work);
        } else {
            deleteTree(work);
        }
        return results.stream().noneMatch(r -> r.status == ScenarioResult.Status.FAILED);
    }

    private ScenarioResult runScenario(Scenario s, Topology.ServerSetup setup) throws InterruptedException {
        ScenarioResult result = ScenarioResult.ran(s);
        try (Topology t = Topology.start(s, setup)) {
            current = t;
            System.out.println("servers: " + String.join(", ", t.describe()));
            CpuWatch cpu = new CpuWatch(t.pids());
            LoadSettings load = params.load().withEndpoint(t.endpoint()).withExpectedReplies(s.expectedReplies).withPayload(t.payload());
            if (s.secured()) {
                // a few hundred rt/s: a window of 1000 would queue seconds of work, more than a run's drain period
                load = load.withWindow(Math.min(load.window(), SECURED_WINDOW));
            }
            warmUp(load, result);
            for (int i = 1; i <= params.runs(); i++) {
                RunResult r = new LoadGenerator(load).run();
                result.windowRuns.add(r);
                System.out.println("  run " + i + ": " + r.summary());
            }
            double halfRate = result.medianRoundTrips() / 2;
            for (int i = 1; i <= params.rateRuns() && halfRate >= 1; i++) {
                RunResult r = new LoadGenerator(load.withRate(halfRate).withTimes(params.rateWarmup(), params.rateMeasure(), load.drain())).run();
                result.rateRuns.add(r);
                System.out.println("  half max rate " + i + ": " + r.summary());
            }
            result.otherCpus = cpu.otherCpus();
            System.out.printf("  median %,.0f rt/s; other processes used %.2f CPUs meanwhile%n", result.medianRoundTrips(), result.otherCpus);
            t.close(); // before reading the logs: a bare server prints its drop count when it stops
            result.serverProblems.addAll(t.problemLines());
            result.serverProblems.forEach(l -> System.out.println("  server: " + l));
            return result;
        } catch (IOException | RuntimeException e) {
            System.out.println("FAILED: " + e.getMessage());
            return result.failed(String.valueOf(e.getMessage()));
        } finally {
            current = null;
        }
    }

    /**
     * Loads fresh servers until they are warm: their JVMs run interpreted at first, and ccflux's pipeline
     * needs seconds of load before C2 has compiled it (longer with three JVMs sharing the CPUs), far more
     * than one run's warm-up. Warm means two chunks in a row no faster than the best one so far (+10%),
     * bounded by --server-warmup. Not reported, but its losses count.
     */
    private void warmUp(LoadSettings load, ScenarioResult result) {
        long deadline = System.nanoTime() + params.serverWarmup().toNanos();
        double best = 0;
        int flat = 0;
        int chunks = 0;
        while (flat < 2 && System.nanoTime() < deadline) {
            RunResult w = new LoadGenerator(load.withTimes(Duration.ZERO, WARMUP_CHUNK, load.drain())).run();
            result.warmupLost += w.lost();
            chunks++;
            flat = w.roundTripsPerSecond() > best * 1.1 ? 0 : flat + 1;
            best = Math.max(best, w.roundTripsPerSecond());
            System.out.printf("  server warm-up %d: %,.0f rt/s%s%n", chunks, w.roundTripsPerSecond(), w.lost() > 0 ? ", lost " + w.lost() : "");
        }
        result.warmupSeconds = chunks * WARMUP_CHUNK.toSeconds();
    }

    private void stopCurrent() {
        Topology t = current;
        if (t != null) {
            try {
                t.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
