package org.ccflux.core.testing;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling with a deadline, for tests (and the benchmark) waiting on asynchronous work: never a timed assertion, only
 * an upper bound on waiting. The one place that pauses between looks; everything that waits for a condition comes here.
 */
public final class Await {
    public static final long DEFAULT_MILLIS = 10_000;
    /** Between two looks at the condition: short against any deadline, long enough not to starve the threads it waits for. */
    private static final long POLL_MILLIS = 5;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails the test after {@link #DEFAULT_MILLIS}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofMillis(DEFAULT_MILLIS), condition);
    }

    /** Waits until {@code condition} holds; fails the test (an {@link AssertionError}) after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
