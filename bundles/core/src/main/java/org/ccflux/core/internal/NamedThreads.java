package org.ccflux.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories whose threads are named {@code ccflux-…} (so a leak is visible in a thread dump and
 * detectable in tests) and are daemons (so a forgotten one never blocks JVM exit).
 */
public final class NamedThreads {
    private NamedThreads() {
    }

    public static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.getAndIncrement();
            Thread t = new Thread(r, i == 0 ? name : name + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }
}
