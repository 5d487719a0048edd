package org.ccflux.handler.database.internal;

import java.util.EnumMap;
import java.util.Map;
import org.ccflux.api.CcStats;

/** The counter names of one database handler instance, {@code db.<name>.…}, built once: they are used per call. */
final class DbCounters {
    final String received;
    final String ok;
    final String error;
    final String replyDropped;
    final String connectionsOpened;
    final String connectionsBroken;
    final String connectFailed;
    private final Map<Reason, String> errors = new EnumMap<>(Reason.class);
    private final CcStats stats;

    DbCounters(CcStats stats, String name) {
        this.stats = stats;
        String prefix = "db." + name + ".";
        received = prefix + "count.received";
        ok = prefix + "count.ok";
        error = prefix + "count.error";
        replyDropped = prefix + "count.reply-dropped";
        connectionsOpened = prefix + "connections.opened";
        connectionsBroken = prefix + "connections.broken";
        connectFailed = prefix + "connections.failed";
        for (Reason r : Reason.values()) {
            errors.put(r, error + "." + r.code);
        }
    }

    void increment(String counter) {
        stats.add(counter, 1);
    }

    /** One failed call: {@code count.error} and {@code count.error.<reason>}. */
    void failed(Reason reason) {
        stats.add(error, 1);
        stats.add(errors.get(reason), 1);
    }
}
