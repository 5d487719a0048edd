package org.ccflux.client;

import java.util.concurrent.CompletableFuture;

/**
 * The replies to one request of a multi-reply protocol such as CC's tasks, from
 * {@link CcClient#stream}. Replies go to the stream's consumer on the client's loop thread until
 * {@link #close()}, until the idle timeout passes without a reply, or until the consumer throws.
 *
 * @since 1.0
 */
public final class RequestStream implements AutoCloseable {
    private final Pending.Stream pending;

    RequestStream(Pending.Stream pending) {
        this.pending = pending;
    }

    /** @return the request-id frame, e.g. {@code Q000042} */
    public String requestId() {
        return pending.id;
    }

    /**
     * @return completes normally on {@link #close()}, exceptionally with a
     *         {@link java.util.concurrent.TimeoutException} after the idle timeout, with the consumer's
     *         exception if it threw, or with an {@link IllegalStateException} if the send was dropped or
     *         the client closed
     */
    public CompletableFuture<Void> done() {
        return pending.done;
    }

    /** Stops the stream; later replies count as unmatched. Thread-safe; repeated calls do nothing. */
    @Override
    public void close() {
        pending.done.complete(null);
    }
}
