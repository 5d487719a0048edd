package org.ccflux.it.osgi;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: the tests never sleep a fixed time. */
final class Await {
    private Await() {
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition) {
        until(() -> what, timeoutMillis, condition);
    }

    /** @param what evaluated on timeout, so it can report the last state seen */
    static void until(Supplier<String> what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for: " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what.get());
            }
        }
    }
}
