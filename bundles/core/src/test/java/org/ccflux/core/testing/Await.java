package org.ccflux.core.testing;

import static org.junit.Assert.fail;

import java.util.function.BooleanSupplier;

/** Polling with a deadline, for tests of asynchronous work: never a timed assertion, only an upper bound on waiting. */
public final class Await {
    public static final long DEFAULT_MILLIS = 10_000;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails the test after {@link #DEFAULT_MILLIS}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + DEFAULT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("not within " + DEFAULT_MILLIS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
