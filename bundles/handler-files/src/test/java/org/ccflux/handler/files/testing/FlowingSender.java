package org.ccflux.handler.files.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A thread that sends rounds of messages until {@link #stop()}, for tests that reconfigure a handler while messages
 * flow. Flow control instead of a huge queue: it keeps at most two rounds ahead of what the handler has
 * processed, so nothing is dropped for overflow.
 */
public final class FlowingSender {
    /** Sends message {@code index} of round {@code round} (rounds count from 1); runs on the sender thread. */
    @FunctionalInterface
    public interface Send {
        void send(int round, int index) throws Exception;
    }

    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    /**
     * Starts sending.
     *
     * @param perRound messages in a round
     * @param processed how many messages the handler has finished with (every outcome)
     */
    public FlowingSender(int perRound, Send send, LongSupplier processed) {
        thread = new Thread(() -> {
            try {
                for (int r = 1; !stop.get(); r++) {
                    for (int i = 0; i < perRound; i++) {
                        send.send(r, i);
                        sent.incrementAndGet();
                    }
                    rounds.set(r);
                    while (sent.get() - processed.getAsLong() > 2L * perRound && !stop.get()) {
                        LockSupport.parkNanos(100_000);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-sender");
        thread.start();
    }

    /** Waits until the sender has done {@code more} rounds after the current one. */
    public void afterMoreRounds(int more) throws InterruptedException {
        int target = rounds.get() + more;
        HandlerFixture.await("the sender did " + more + " more rounds", () -> rounds.get() >= target || failure.get() != null);
    }

    /**
     * Stops after the current round and waits for the thread.
     *
     * @return the last round sent in full
     * @throws AssertionError if sending failed
     */
    public int stop() throws InterruptedException {
        stop.set(true);
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("the sender failed", failure.get());
        }
        return rounds.get();
    }

    /** @return messages sent so far */
    public int sent() {
        return sent.get();
    }
}
