package org.ccflux.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.ccflux.api.CcMessage;

/**
 * A request awaiting replies under its request id. Completion (reply, timeout, failure, cancel, close)
 * removes it from {@link Requests}; {@link #reply} and {@link #expireIfDue} run on the loop thread.
 */
abstract class Pending {
    final String id;
    final String type;
    private final long timeoutNanos;
    /** Written by the sending thread before it publishes the entry, then by the loop only. */
    private volatile long deadline;

    Pending(String id, String type, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.id = id;
        this.type = type;
        this.timeoutNanos = timeout.toNanos();
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    abstract CompletableFuture<?> completion();

    abstract void reply(CcMessage message);

    final void fail(Throwable cause) {
        completion().completeExceptionally(cause);
    }

    final void extend() {
        deadline = System.nanoTime() + timeoutNanos;
    }

    final void expireIfDue(long now) {
        if (now - deadline >= 0) {
            fail(new TimeoutException(type + " (request " + id + "): no reply within "
                    + timeoutNanos / 1_000_000L + " ms"));
        }
    }

    /** Waits for the first reply. */
    static final class Reply extends Pending {
        final CompletableFuture<CcMessage> future = new CompletableFuture<>();

        Reply(String id, String type, Duration timeout) {
            super(id, type, timeout);
        }

        @Override
        CompletableFuture<?> completion() {
            return future;
        }

        @Override
        void reply(CcMessage message) {
            future.complete(message);
        }
    }

    /** Hands every reply on until closed or idle; the idle clock restarts with each reply. */
    static final class Stream extends Pending {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Consumer<CcMessage> onReply;

        Stream(String id, String type, Duration idleTimeout, Consumer<CcMessage> onReply) {
            super(id, type, idleTimeout);
            this.onReply = onReply;
        }

        @Override
        CompletableFuture<?> completion() {
            return done;
        }

        @Override
        void reply(CcMessage message) {
            if (done.isDone()) {
                return; // closed by another thread while this reply was on its way
            }
            extend();
            try {
                onReply.accept(message);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }
}
