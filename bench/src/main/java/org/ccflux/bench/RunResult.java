package org.ccflux.bench;

/**
 * What one load run measured.
 *
 * @param roundTripsPerSecond requests fully answered inside the measured window, per second
 * @param offeredRate         the fixed send rate (messages/s), or 0 in window mode
 * @param p50Nanos            latency percentiles of the requests answered inside the measured window
 * @param sent                requests sent over the whole run (warm-up included)
 * @param lost                requests sent but not fully answered by the end of the drain period
 * @param unexpectedReplies   replies matching no open request (duplicates beyond the expected copies)
 * @param badReplies          replies that were not {@code [seq, '', echo.response, …]}
 * @param sendBlocked         sends refused by the DEALER at its high-water mark (retried, not lost)
 * @param sendLagP99Nanos     fixed rate: p99 of how late the generator sent against its schedule (its own
 *                            share of the latency); -1 in window mode
 */
record RunResult(double roundTripsPerSecond, double offeredRate, long p50Nanos, long p99Nanos, long p999Nanos,
                 long sent, long lost, long unexpectedReplies, long badReplies, long sendBlocked, long sendLagP99Nanos) {

    String summary() {
        return String.format("%,.0f rt/s%s  p50 %s  p99 %s  p999 %s ms  sent %,d  lost %d%s%s",
                roundTripsPerSecond, offeredRate > 0
                        ? String.format(" (offered %,.0f/s, send lag p99 %s ms)", offeredRate, millis(sendLagP99Nanos)) : "",
                millis(p50Nanos), millis(p99Nanos), millis(p999Nanos), sent, lost,
                unexpectedReplies > 0 ? "  unexpected " + unexpectedReplies : "",
                badReplies > 0 ? "  bad " + badReplies : "");
    }

    static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format("%.3f", nanos / 1e6);
    }
}
