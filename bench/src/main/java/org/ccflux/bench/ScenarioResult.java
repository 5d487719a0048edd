package org.ccflux.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/** The runs of one scenario and their medians; or why it did not run. */
final class ScenarioResult {
    enum Status { RAN, SKIPPED, FAILED }

    final Scenario scenario;
    final Status status;
    final String reason;
    final List<RunResult> windowRuns = new ArrayList<>();
    final List<RunResult> rateRuns = new ArrayList<>();
    /** Fixed-rate runs at {@code --floor-rate}: what the machine adds to latency when it is nearly idle. */
    final List<RunResult> floorRuns = new ArrayList<>();
    final List<String> serverProblems = new ArrayList<>();
    /** CPUs' worth of time other processes used while the scenario ran (NaN if unknown): competition. */
    double otherCpus = Double.NaN;
    /** Lost in the unreported server warm-up: still a loss. */
    long warmupLost;
    long warmupSeconds;

    private ScenarioResult(Scenario scenario, Status status, String reason) {
        this.scenario = scenario;
        this.status = status;
        this.reason = reason;
    }

    static ScenarioResult ran(Scenario s) {
        return new ScenarioResult(s, Status.RAN, "");
    }

    static ScenarioResult skipped(Scenario s, String reason) {
        return new ScenarioResult(s, Status.SKIPPED, reason);
    }

    /** A scenario that broke part-way keeps the runs it completed. */
    ScenarioResult failed(String why) {
        ScenarioResult f = new ScenarioResult(scenario, Status.FAILED, why);
        f.windowRuns.addAll(windowRuns);
        f.rateRuns.addAll(rateRuns);
        f.floorRuns.addAll(floorRuns);
        f.serverProblems.addAll(serverProblems);
        f.otherCpus = otherCpus;
        f.warmupLost = warmupLost;
        f.warmupSeconds = warmupSeconds;
        return f;
    }

    boolean hasThroughput() {
        return !windowRuns.isEmpty();
    }

    double medianRoundTrips() {
        return median(windowRuns, RunResult::roundTripsPerSecond);
    }

    double minRoundTrips() {
        return windowRuns.stream().mapToDouble(RunResult::roundTripsPerSecond).min().orElse(Double.NaN);
    }

    double maxRoundTrips() {
        return windowRuns.stream().mapToDouble(RunResult::roundTripsPerSecond).max().orElse(Double.NaN);
    }

    long medianWindowLatency(ToLongFunction<RunResult> percentile) {
        return Math.round(median(windowRuns, r -> percentile.applyAsLong(r)));
    }

    long medianHalfRateP99() {
        return rateRuns.isEmpty() ? -1 : Math.round(median(rateRuns, r -> r.p99Nanos()));
    }

    long medianFloorP99() {
        return floorRuns.isEmpty() ? -1 : Math.round(median(floorRuns, r -> r.p99Nanos()));
    }

    /**
     * Throughput against {@code base}, run by run: the runner measures every scenario once per round, so run i of
     * both saw the same minute of a shared machine. @return the median of the per-round ratios, NaN without runs
     */
    double pairedRatio(ScenarioResult base) {
        int rounds = Math.min(windowRuns.size(), base.windowRuns.size());
        List<Double> ratios = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++) {
            ratios.add(windowRuns.get(i).roundTripsPerSecond() / base.windowRuns.get(i).roundTripsPerSecond());
        }
        return median(ratios, Double::doubleValue);
    }

    long lost() {
        return warmupLost + allRuns().mapToLong(RunResult::lost).sum();
    }

    long anomalies() {
        return allRuns().mapToLong(r -> r.unexpectedReplies() + r.badReplies()).sum();
    }

    private Stream<RunResult> allRuns() {
        return Stream.of(windowRuns, rateRuns, floorRuns).flatMap(List::stream);
    }

    /** The median; for an even count the mean of the two middle values. */
    static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        double[] v = runs.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    @Override
    public String toString() {
        return scenario.id + " " + status + " " + reason + " " + Arrays.toString(windowRuns.toArray());
    }
}
