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
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.crypto.internal.bench.CryptoRate;
import java.util.stream.Stream;

/**
 * Runs every scenario in one go (each scenario's servers in their own JVMs, all up together; load runs in
 * this JVM), prints the figures and writes docs/BENCHMARKS.md. Started by bench/run-benchmarks.sh; options in {@link BenchParams}.
 */
public final class BenchmarkRunner {
    private static final Duration WARMUP_CHUNK = Duration.ofSeconds(2);

    private final BenchParams params;
    private volatile List<Live> live = List.of();

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
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll)); // Ctrl-C leaves no server behind
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

        List<ScenarioResult> results = measureAll(setup, proxyJar);

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

    /**
     * Starts and warms every scenario's servers, then measures in rounds: each round runs every scenario once, so
     * run i of the baseline and run i of ccflux saw the same minute of a shared machine (the ratios pair them).
     * Servers wait idle while another scenario runs. The fixed-rate runs come last.
     */
    private List<ScenarioResult> measureAll(Topology.ServerSetup setup, Path proxyJar) throws InterruptedException {
        List<Live> all = new CopyOnWriteArrayList<>(); // the shutdown hook reads it
        live = all;
        try {
            for (Scenario s : params.scenarios()) {
                System.out.println();
                System.out.println("== " + s.id + ": " + s.title);
                Live l = new Live(s);
                all.add(l);
                if (s.needsProxy && proxyJar == null) {
                    System.out.println("SKIPPED: proxy bundle not built");
                    l.result = ScenarioResult.skipped(s, "proxy bundle not built (no handler-proxy jar in "
                            + params.root().relativize(params.distribution().resolve("bundle")) + " or bundles/handler-proxy/target)");
                    continue;
                }
                l.attempt(() -> l.start(setup));
            }
            for (int round = 1; round <= params.runs(); round++) {
                System.out.println();
                System.out.println("== round " + round + " of " + params.runs());
                for (Live l : all) {
                    l.attempt(() -> l.measure(l.load, l.result.windowRuns, "run"));
                }
            }
            for (Live l : all) {
                double halfRate = l.result.medianRoundTrips() / 2;
                for (int i = 1; i <= params.rateRuns() && halfRate >= 1; i++) {
                    l.attempt(() -> l.measure(l.fixedRate(halfRate), l.result.rateRuns, "half max rate"));
                }
                // The floor only where the scenario can carry that rate with room to spare (not the signed ones).
                for (int i = 1; i <= params.rateRuns() && params.floorRate() > 0 && params.floorRate() <= halfRate; i++) {
                    l.attempt(() -> l.measure(l.fixedRate(params.floorRate()), l.result.floorRuns, "floor rate"));
                }
            }
        } finally {
            for (Live l : all) {
                l.stop();
            }
            live = List.of();
        }
        return all.stream().map(l -> l.result).toList();
    }

    /** One scenario's servers while they are up, with its load and its results so far. */
    private final class Live {
        final Scenario scenario;
        ScenarioResult result;
        volatile Topology topology; // the shutdown hook may stop it
        LoadSettings load;
        /** CPU seconds other processes used while this scenario's runs ran, and the seconds measured. */
        private double otherCpuSeconds;
        private double watchedSeconds;

        Live(Scenario scenario) {
            this.scenario = scenario;
            this.result = ScenarioResult.ran(scenario);
        }

        boolean up() {
            return topology != null && result.status == ScenarioResult.Status.RAN;
        }

        void start(Topology.ServerSetup setup) throws IOException, InterruptedException {
            topology = Topology.start(scenario, setup);
            System.out.println("servers: " + String.join(", ", topology.describe()));
            load = params.load().withEndpoint(topology.endpoint()).withExpectedReplies(scenario.expectedReplies)
                    .withPayload(topology.payload());
            if (scenario.secured()) {
                // a few hundred rt/s: a window of 1000 would queue seconds of work, more than a run's drain period
                load = load.withWindow(Math.min(load.window(), SECURED_WINDOW));
            }
            warmUp(load, result);
        }

        LoadSettings fixedRate(double rate) {
            return load.withRate(rate).withTimes(params.rateWarmup(), params.rateMeasure(), load.drain());
        }

        void measure(LoadSettings settings, List<RunResult> into, String label) {
            if (!up()) {
                return;
            }
            CpuWatch cpu = new CpuWatch(livePids());
            long start = System.nanoTime();
            RunResult r = new LoadGenerator(settings).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            otherCpuSeconds += cpu.otherCpus() * seconds;
            watchedSeconds += seconds;
            result.otherCpus = otherCpuSeconds / watchedSeconds;
            into.add(r);
            System.out.println("  " + scenario.id + " " + label + " " + into.size() + ": " + r.summary());
        }

        /** Runs {@code step}; a failure ends this scenario and stops its servers (its runs so far stay), not the benchmark. */
        void attempt(Step step) throws InterruptedException {
            try {
                step.run();
            } catch (IOException | RuntimeException e) {
                System.out.println("FAILED: " + scenario.id + ": " + e.getMessage());
                result = result.failed(String.valueOf(e.getMessage()));
                stop();
            }
        }

        /** Stops the servers, then reads their logs (a bare server prints its drop count when it stops). */
        void stop() throws InterruptedException {
            if (topology == null) {
                return;
            }
            topology.close();
            result.serverProblems.addAll(topology.problemLines());
            result.serverProblems.forEach(l -> System.out.println("  " + scenario.id + " server: " + l));
            topology = null;
        }
    }

    /** A step of one scenario that may fail. */
    private interface Step {
        void run() throws IOException, InterruptedException;
    }

    /** Every server of every scenario that is up: idle ones are the benchmark's own, not competition. */
    private List<Long> livePids() {
        return live.stream().filter(l -> l.topology != null).flatMap(l -> l.topology.pids().stream()).toList();
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

    private void stopAll() {
        for (Live l : live) {
            try {
                l.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
