package org.ccflux.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ccflux.crypto.internal.bench.CryptoRate;

/** Fills the BENCHMARKS.md template: the prose lives in the template, the figures come from here. */
final class Report {
    private static final String TEMPLATE = "BENCHMARKS.md.template";
    private static final long P99_TARGET_NANOS = 2_000_000;

    private final BenchParams params;
    private final List<ScenarioResult> results;
    private final String date;
    private final String loadBefore;
    private final String loadAfter;
    private final String javaVersion;
    private final List<CryptoRate.Rate> cryptoRates;
    private final List<HandlerRates.Rate> handlerRates;

    /** @param cryptoRates BouncyCastle's single-thread rates, measured in this run; empty if no secured scenario ran */
    Report(BenchParams params, List<ScenarioResult> results, String date, String loadBefore, String loadAfter,
            List<CryptoRate.Rate> cryptoRates, List<HandlerRates.Rate> handlerRates) {
        this.params = params;
        this.cryptoRates = cryptoRates;
        this.handlerRates = handlerRates;
        this.results = results;
        this.date = date;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.javaVersion = MachineInfo.javaVersion();
    }

    void write() throws IOException {
        String text = template();
        for (Map.Entry<String, String> e : Map.of("DATE", date, "COMMAND", params.command(), "MACHINE", machine(),
                "PARAMETERS", parameters(), "RESULTS", results(), "RATIOS", ratios(), "TARGETS", targets(),
                "NOTES", notes(), "CRYPTO", crypto(), "HANDLERS", handlers()).entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue().strip());
        }
        Files.createDirectories(params.output().getParent());
        Files.writeString(params.output(), text);
    }

    /** @return the targets table alone, for the console */
    String targetsForConsole() {
        return targets();
    }

    private static String template() throws IOException {
        try (InputStream in = Report.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("template " + TEMPLATE + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String machine() {
        return "| | |\n|---|---|\n"
                + "| CPUs (nproc) | " + Runtime.getRuntime().availableProcessors() + " |\n"
                + "| CPU model | " + MachineInfo.cpuModel() + " |\n"
                + "| RAM | " + MachineInfo.memory() + " |\n"
                + "| kernel | " + MachineInfo.kernel() + " |\n"
                + "| load average (1/5/15 min) before → after | " + loadBefore + " → " + loadAfter + " |\n\n"
                + "```\n$ java -version\n" + javaVersion + "\n```\n";
    }

    private String parameters() {
        LoadSettings l = params.load();
        return "| | |\n|---|---|\n"
                + "| scenarios | " + String.join(", ", params.scenarios().stream().map(s -> s.id).toList()) + " |\n"
                + "| runs per scenario (window mode) | " + params.runs() + " |\n"
                + "| fixed-rate runs at half the max rate, and at the floor rate | " + params.rateRuns() + " × (" + secs(params.rateWarmup())
                + " s warm-up + " + secs(params.rateMeasure()) + " s measured) each |\n"
                + "| floor rate | " + String.format("%,.0f", params.floorRate()) + " requests/s |\n"
                + "| server warm-up per scenario | 2 s chunks of window-mode load until no faster, at most " + secs(params.serverWarmup())
                + " s; not reported (its losses count) |\n"
                + "| warm-up / measured / drain per run | " + secs(l.warmup()) + " / " + secs(l.measure()) + " / " + secs(l.drain()) + " s |\n"
                + "| window (requests open) | " + l.window() + " |\n"
                + "| request body | " + EchoFrames.requestBody(l.bodyBytes()).length + " bytes of JSON |\n"
                + "| client DEALER HWM | " + l.hwm() + " |\n"
                + "| server and proxy zmq_hwm | " + (params.serverHwm() > 0 ? Integer.toString(params.serverHwm())
                        : params.serverHwm() == 0 ? "0 (unlimited)" : "ccflux defaults (100), bare server 100") + " |\n"
                + "| server JAVA_OPTS | `" + params.serverJavaOpts() + "` |\n"
                + "| load generator JVM | `" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(x -> !x.startsWith("-Dbench.command=")).toList()) + "` |\n";
    }

    private String results() {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            sb.append("### ").append(r.scenario.id).append(": ").append(r.scenario.title).append("\n\n");
            if (r.status == ScenarioResult.Status.SKIPPED) {
                sb.append("SKIPPED: ").append(r.reason).append("\n\n");
                continue;
            }
            if (r.status == ScenarioResult.Status.FAILED) {
                sb.append("FAILED: ").append(r.reason.replace("\n", " ")).append("\n\n");
            }
            if (!r.hasThroughput()) {
                continue;
            }
            sb.append("| run | mode | rt/s | p50 ms | p99 ms | p999 ms | sent | lost | anomalies |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            int i = 1;
            for (RunResult run : r.windowRuns) {
                sb.append(row(Integer.toString(i++), "window " + params.load().window(), run));
            }
            sb.append(String.format("| **median** | window | **%,.0f** (min %,.0f, max %,.0f) | %s | %s | %s | | **%d** | |%n",
                    r.medianRoundTrips(), r.minRoundTrips(), r.maxRoundTrips(),
                    RunResult.millis(r.medianWindowLatency(RunResult::p50Nanos)),
                    RunResult.millis(r.medianWindowLatency(RunResult::p99Nanos)),
                    RunResult.millis(r.medianWindowLatency(RunResult::p999Nanos)), r.lost()));
            fixedRateRows(sb, "rate", r.rateRuns);
            fixedRateRows(sb, "floor", r.floorRuns);
            sb.append(String.format("%nServer warm-up: %d s.", r.warmupSeconds));
            if (!Double.isNaN(r.otherCpus)) {
                sb.append(String.format(" Other processes used %.2f CPUs on average while this scenario ran.", r.otherCpus));
            }
            sb.append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One row per fixed-rate run and their medians; nothing if there were none. */
    private static void fixedRateRows(StringBuilder sb, String label, List<RunResult> runs) {
        int i = 1;
        for (RunResult run : runs) {
            sb.append(row(label + " " + i++, String.format("fixed %,.0f/s (send lag p99 %s ms)", run.offeredRate(),
                    RunResult.millis(run.sendLagP99Nanos())), run));
        }
        if (!runs.isEmpty()) {
            sb.append(String.format("| **median** | %s | | %s | **%s** | %s | | | |%n", label,
                    RunResult.millis(Math.round(ScenarioResult.median(runs, RunResult::p50Nanos))),
                    RunResult.millis(Math.round(ScenarioResult.median(runs, RunResult::p99Nanos))),
                    RunResult.millis(Math.round(ScenarioResult.median(runs, RunResult::p999Nanos)))));
        }
    }

    private static String row(String label, String mode, RunResult r) {
        return String.format("| %s | %s | %,.0f | %s | %s | %s | %,d | %d | %d |%n", label, mode, r.roundTripsPerSecond(),
                RunResult.millis(r.p50Nanos()), RunResult.millis(r.p99Nanos()), RunResult.millis(r.p999Nanos()),
                r.sent(), r.lost(), r.unexpectedReplies() + r.badReplies());
    }

    private String ratios() {
        Optional<ScenarioResult> bare = baseline();
        String floor = String.format("%,.0f", params.floorRate());
        StringBuilder sb = new StringBuilder("| scenario | median rt/s | vs bare | target | vs the same ZeroMQ work | p99 at half max rate, ms"
                + " | p99 at half rate vs bare | generator's send lag p99 at half rate, ms | p99 at " + floor + "/s, ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            if (!r.hasThroughput()) {
                sb.append("| ").append(r.scenario.id).append(" ").append(r.scenario.title).append(" | ")
                        .append(r.status).append(" | | | | | | | |\n");
                continue;
            }
            sb.append(String.format("| %s %s | %,.0f | %s | %s | %s | %s | %s | %s | %s |%n", r.scenario.id, r.scenario.title, r.medianRoundTrips(),
                    bare.map(b -> percent(r.pairedRatio(b))).orElse("no baseline"),
                    r.scenario.target > 0 ? "≥ " + percent(r.scenario.target) : "",
                    sameWork(r),
                    RunResult.millis(r.medianHalfRateP99()),
                    bare.filter(b -> b.medianHalfRateP99() > 0 && r.medianHalfRateP99() > 0)
                            .map(b -> String.format("%.2f×", r.medianHalfRateP99() / (double) b.medianHalfRateP99())).orElse(""),
                    r.rateRuns.isEmpty() ? "-" : RunResult.millis(Math.round(ScenarioResult.median(r.rateRuns, x -> x.sendLagP99Nanos()))),
                    r.floorRuns.isEmpty() ? "-" : RunResult.millis(r.medianFloorP99())));
        }
        return sb.toString();
    }

    /** @return throughput against the reference doing the same ZeroMQ work in the same run ("l: 64%"), or "" */
    private String sameWork(ScenarioResult r) {
        Scenario reference = r.scenario.sameZeroMqWork();
        return reference == null ? "" : results.stream().filter(x -> x.scenario == reference && x.hasThroughput()).findFirst()
                .map(x -> reference.id + ": " + percent(r.pairedRatio(x))).orElse("");
    }

    /**
     * Signed and encrypted echo against unsigned echo and against the ceiling BouncyCastle's own rates set: a
     * signed round trip costs the server one verification and one signature, an encrypted one a decryption (with
     * its verification) and a signature with encryption. Sealing a reply runs on the socket thread (echo is inline),
     * opening on the crypto threads.
     */
    private String crypto() {
        if (cryptoRates.isEmpty()) {
            return "Not measured in this run (scenarios s and e did not run).";
        }
        StringBuilder sb = new StringBuilder(CryptoRate.describe()).append(", measured before the scenarios:\n\n")
                .append("| operation | per s of wall time | per s of CPU time | CPU per operation |\n|---|---:|---:|---:|\n");
        for (CryptoRate.Rate r : cryptoRates) {
            sb.append(String.format("| %s | %,.0f | %,.0f | %.0f µs |%n", r.what(), r.wallPerSecond(), r.cpuPerSecond(), 1e6 / r.cpuPerSecond()));
        }
        Optional<ScenarioResult> plain = results.stream().filter(r -> r.scenario == Scenario.ECHO && r.hasThroughput()).findFirst();
        sb.append("\n| scenario | median rt/s | vs unsigned echo (a) | ceiling: all CPUs opening and sealing | vs ceiling |\n|---|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            if (!r.scenario.secured() || !r.hasThroughput()) {
                continue;
            }
            double ceiling = Runtime.getRuntime().availableProcessors() * (r.scenario == Scenario.SIGNED
                    ? serial(rate("verify (open"), rate("sign (seal")) : serial(rate("decrypt + verify"), rate("sign + encrypt")));
            sb.append(String.format("| %s %s | %,.0f | %s | %,.0f | %s |%n", r.scenario.id, r.scenario.title, r.medianRoundTrips(),
                    plain.map(p -> String.format("%.2f%%", 100 * r.pairedRatio(p))).orElse("a not run"), ceiling,
                    percent(r.medianRoundTrips() / ceiling)));
        }
        sb.append("\nThe ceiling: requests are opened and replies sealed on the crypto threads, one per core, so at best every"
                + " CPU does nothing else: CPUs / (1/open + 1/seal), from the CPU-time rates above. The load generator, JeroMQ's"
                + " I/O threads and the socket thread share those CPUs. The signed and encrypted scenarios keep "
                + BenchmarkRunner.SECURED_WINDOW + " requests open instead of --window: at a few hundred round trips a second a"
                + " larger window only queues.\n");
        return sb.toString();
    }

    private static double serial(double a, double b) {
        return 1 / (1 / a + 1 / b);
    }

    private String handlers() {
        if (handlerRates.isEmpty()) {
            return "Not measured in this run (--handler-runs 0, or it failed: see the notes).";
        }
        StringBuilder sb = new StringBuilder("| handler | median | runs |\n|---|---:|---|\n");
        for (HandlerRates.Rate r : handlerRates) {
            sb.append(String.format("| %s | **%,.0f %s** | %s |%n", r.what(), r.median(), r.unit(),
                    String.join(", ", r.runs().stream().map(x -> String.format("%,.0f", x)).toList())));
        }
        return sb.toString();
    }

    private double rate(String prefix) {
        return cryptoRates.stream().filter(r -> r.what().startsWith(prefix)).findFirst().orElseThrow().cpuPerSecond();
    }

    /** Each target: met, not met, or not measured (scenario skipped, failed or no baseline). */
    private String targets() {
        Optional<ScenarioResult> bare = baseline();
        List<String[]> rows = new ArrayList<>();
        for (ScenarioResult r : results) {
            if (r.scenario.target <= 0) {
                continue;
            }
            String name = r.scenario.title + " ≥ " + percent(r.scenario.target) + " of bare";
            if (!r.hasThroughput() || bare.isEmpty() || !bare.get().hasThroughput()) {
                rows.add(new String[] {name, notMeasured(r, bare), "not measured"});
            } else {
                double ratio = r.pairedRatio(bare.get());
                rows.add(new String[] {name, percent(ratio), ratio >= r.scenario.target ? "met" : "**not met**"});
            }
        }
        for (ScenarioResult r : results) {
            if (r.scenario.reference()) {
                continue;
            }
            String name = "p99 < 2 ms at half max rate: " + r.scenario.title;
            long p99 = r.medianHalfRateP99();
            rows.add(p99 < 0 ? new String[] {name, notMeasured(r, Optional.of(r)), "not measured"}
                    : new String[] {name, RunResult.millis(p99) + " ms", p99 < P99_TARGET_NANOS ? "met" : "**not met**"});
        }
        long lost = results.stream().mapToLong(ScenarioResult::lost).sum();
        long anomalies = results.stream().mapToLong(ScenarioResult::anomalies).sum();
        boolean anyRan = results.stream().anyMatch(ScenarioResult::hasThroughput);
        rows.add(new String[] {"no message lost (every run of every scenario that ran)",
                lost + " lost, " + anomalies + " anomalies", !anyRan ? "not measured" : lost == 0 && anomalies == 0 ? "met" : "**not met**"});
        StringBuilder sb = new StringBuilder("| target | measured | |\n|---|---:|---|\n");
        rows.forEach(r -> sb.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n"));
        return sb.toString();
    }

    private static String notMeasured(ScenarioResult r, Optional<ScenarioResult> bare) {
        if (r.status == ScenarioResult.Status.SKIPPED) {
            return "skipped";
        }
        if (r.status == ScenarioResult.Status.FAILED) {
            return "failed";
        }
        return bare.isEmpty() ? "no baseline" : "no data";
    }

    private String notes() {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            if (r.status == ScenarioResult.Status.SKIPPED) {
                sb.append("- ").append(r.scenario.id).append(": SKIPPED: ").append(r.reason).append('\n');
            } else if (r.status == ScenarioResult.Status.FAILED) {
                sb.append("- ").append(r.scenario.id).append(": FAILED: ").append(r.reason.replace("\n", " ")).append('\n');
            }
            if (!r.serverProblems.isEmpty()) {
                sb.append("- ").append(r.scenario.id).append(": the servers logged ").append(r.serverProblems.size())
                        .append(" WARN/ERROR lines; the first:\n");
                r.serverProblems.stream().limit(5).forEach(l -> sb.append("  - `").append(l.replace("`", "'")).append("`\n"));
            }
        }
        if (sb.length() == 0) {
            sb.append("- Every scenario ran; the servers logged no WARN or ERROR line.\n");
        }
        sb.append("- Load average before → after the run: ").append(loadBefore).append(" → ").append(loadAfter)
                .append(" (on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs). Anything well above the benchmark's own processes means other work competed for the CPUs.\n");
        return sb.toString();
    }

    private Optional<ScenarioResult> baseline() {
        return results.stream().filter(r -> r.scenario == Scenario.BARE && r.hasThroughput()).findFirst();
    }

    private static String percent(double fraction) {
        return String.format("%.0f%%", fraction * 100);
    }

    private static String secs(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : String.format("%.1f", d.toMillis() / 1000.0);
    }
}
