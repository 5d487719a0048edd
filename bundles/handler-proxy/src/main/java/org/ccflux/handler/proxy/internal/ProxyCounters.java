package org.ccflux.handler.proxy.internal;

import org.ccflux.api.CcStats;

/**
 * The counter names of one proxy instance, {@code proxy.<name>.…}, built once: they are used per message.
 * They stay apart from the server's own {@code count}/{@code bytes} (CC mixed return traffic and HWM drops
 * into those).
 */
final class ProxyCounters {
    final String forwardedCount;
    final String forwardedBytes;
    final String droppedCount;
    final String droppedBytes;
    final String returnedCount;
    final String returnedBytes;
    final String invalidReturns;
    final String pingsSent;
    final String pongsReceived;
    private final String prefix;
    private final CcStats stats;

    ProxyCounters(CcStats stats, String name) {
        this.stats = stats;
        this.prefix = "proxy." + name + ".";
        forwardedCount = prefix + "count.forwarded";
        forwardedBytes = prefix + "bytes.forwarded";
        droppedCount = prefix + "count.dropped";
        droppedBytes = prefix + "bytes.dropped";
        returnedCount = prefix + "count.returned";
        returnedBytes = prefix + "bytes.returned";
        invalidReturns = prefix + "count.invalid-return";
        pingsSent = prefix + "ping.sent";
        pongsReceived = prefix + "pong.received";
    }

    void add(String counter, long delta) {
        stats.add(counter, delta);
    }

    /** One second spent in {@code state}: {@code proxy.<name>.seconds.up|late|down}. */
    void second(RemoteState state) {
        stats.add(prefix + "seconds." + state.label, 1);
    }

    /** A change into {@code state}: {@code proxy.<name>.became.up|late|down}. */
    void became(RemoteState state) {
        stats.add(prefix + "became." + state.label, 1);
    }
}
