package org.ccflux.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's statistics table, as CC has it: named counters that appear in the periodic stats
 * line and the info file, reset every period. Registered by the core as an OSGi service.
 *
 * <p>Names are dotted, lower-case, and should start with the handler kind
 * ({@code disposed_count}, {@code filter.count.ok}) so operators can tell them apart. Thread-safe and
 * cheap: safe to call on the hot path.
 *
 * @since 1.0
 */
@ProviderType
public interface CcStats {
    /** Adds {@code delta} to counter {@code name}. */
    void add(String name, long delta);

    /** Adds one to counter {@code name}. */
    default void increment(String name) {
        add(name, 1);
    }
}
