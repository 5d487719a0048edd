package org.ccflux.bench;

import java.time.Duration;

/**
 * Parameters of one load run.
 *
 * @param window          requests kept open in window mode (ignored at a fixed rate)
 * @param rate            messages/s for fixed-rate mode; 0 for window mode
 * @param expectedReplies replies that answer one request: 1, or the number of fan-out targets
 * @param hwm             the DEALER's send and receive high-water marks: high, so the client never drops
 */
public record LoadSettings(String endpoint, int window, double rate, Duration warmup, Duration measure, Duration drain,
                           int expectedReplies, int bodyBytes, int hwm, EchoFrames.Payload payload) {

    public static LoadSettings defaults(String endpoint) {
        return new LoadSettings(endpoint, 1000, 0, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(3),
                1, 300, 100_000, null);
    }

    public LoadSettings withEndpoint(String e) {
        return new LoadSettings(e, window, rate, warmup, measure, drain, expectedReplies, bodyBytes, hwm, payload);
    }

    public LoadSettings withWindow(int w) {
        return new LoadSettings(endpoint, w, rate, warmup, measure, drain, expectedReplies, bodyBytes, hwm, payload);
    }

    public LoadSettings withRate(double r) {
        return new LoadSettings(endpoint, window, r, warmup, measure, drain, expectedReplies, bodyBytes, hwm, payload);
    }

    public LoadSettings withTimes(Duration warm, Duration meas, Duration dr) {
        return new LoadSettings(endpoint, window, rate, warm, meas, dr, expectedReplies, bodyBytes, hwm, payload);
    }

    public LoadSettings withExpectedReplies(int n) {
        return new LoadSettings(endpoint, window, rate, warmup, measure, drain, n, bodyBytes, hwm, payload);
    }

    /** @param p the request frames of every request (a sealed one); null: a plain body of {@link #bodyBytes()} */
    public LoadSettings withPayload(EchoFrames.Payload p) {
        return new LoadSettings(endpoint, window, rate, warmup, measure, drain, expectedReplies, bodyBytes, hwm, p);
    }

    /** @return the request frames: {@link #payload()} if set, else a plain body */
    EchoFrames.Payload requestPayload() {
        return payload != null ? payload : EchoFrames.Payload.plain(bodyBytes);
    }

    public LoadSettings withBodyBytes(int b) {
        return new LoadSettings(endpoint, window, rate, warmup, measure, drain, expectedReplies, b, hwm, payload);
    }
}
