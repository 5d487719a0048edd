package org.ccflux.it.dist;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The one polling loop of these tests: re-evaluates a probe until it satisfies a condition or a deadline passes. */
final class Wait {

    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Wait() {
    }

    /**
     * Returns the first probe value accepted by {@code done}. On timeout (or if the probe throws) fails with
     * {@code what}, the last value seen and the text of {@code diagnostics}.
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            try {
                last = probe.call();
            } catch (Exception e) {
                throw new AssertionError("failed while waiting for " + what + ": " + e + diagnostics.get(), e);
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last value: " + last + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
