package org.ccflux.core.internal.stats;

import org.ccflux.api.CcStats;

/** One named counter, resolved once by the code that adds to it for every message. */
@FunctionalInterface
public interface Counter {
    void add(long delta);

    /** @return a handle of {@link Counters#counter} if {@code stats} is the server's table, else one that calls {@code stats} */
    static Counter of(CcStats stats, String name) {
        return stats instanceof Counters table ? table.counter(name) : delta -> stats.add(name, delta);
    }
}
