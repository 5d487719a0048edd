package org.ccflux.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A DEALER connection opened by {@link CcConnector}. Thread-safe; sends never block.
 *
 * @since 1.1
 */
@ProviderType
public interface CcConnection extends AutoCloseable {
    /** @return the endpoint this connection reconnects to */
    String endpoint();

    /**
     * Sends {@code frames} as one multipart message, unchanged (a proxy forwards route frames and
     * signatures byte for byte).
     *
     * @return false if the message was refused: ZeroMQ's high-water mark is reached (the remote is down or
     *         slow) or the connection's queue from other threads is full; the caller counts it. From a thread
     *         other than the socket thread, true means queued: a refusal after that is counted by the core
     *         ({@code count.send-dropped}).
     */
    boolean send(List<byte[]> frames);

    /**
     * Runs {@code task} on the socket thread every {@code periodMillis} until the connection closes, e.g.
     * a ping. The task must not block.
     */
    void schedule(long periodMillis, Runnable task);

    /** Closes the socket (honouring {@code zmq_linger}) and cancels scheduled tasks. */
    @Override
    void close();
}
