package org.ccflux.core.internal.transport;

import java.util.List;
import org.ccflux.client.loop.SocketLoop;
import org.zeromq.ZMQ;

/**
 * Sends on one socket without blocking, except that a message refused at the high-water mark waits once for
 * room: up to {@link #WAIT_MILLIS}, and not at all within {@link #PAUSE_MILLIS} of a wait in vain. For the
 * server's ROUTER; loop thread only.
 *
 * <p>A JeroMQ pipe learns how far its reader has read only every HWM/2 messages, so a burst of replies beyond that
 * was refused while the client was reading it all along: a 200-request burst at CC's default HWM of 100 lost a
 * reply in 1 to 3 runs of 10. The pause bounds what clients that stopped reading cost the socket thread: one
 * short wait a second. (A proxy's DEALER does not wait: there a refusal usually means the remote is down, and
 * the proxy counts its drops as they happen.)
 */
final class HwmWait {
    /** How long a message refused at the HWM waits for room. */
    static final int WAIT_MILLIS = 20;
    /** How long after a wait in vain no message waits. */
    static final long PAUSE_MILLIS = 1000;

    private final ZMQ.Socket socket;
    private long lastWaitInVain = System.nanoTime() - PAUSE_MILLIS * 1_000_000L;

    /** Sets {@code socket}'s send timeout to {@link #WAIT_MILLIS}: only the waiting send uses it. */
    HwmWait(ZMQ.Socket socket) {
        this.socket = socket;
        socket.setSendTimeOut(WAIT_MILLIS);
    }

    /**
     * @return false if the socket refused the message, waiting included
     * @throws org.zeromq.ZMQException as {@link SocketLoop#sendMultipart(ZMQ.Socket, List)}
     */
    boolean send(List<byte[]> frames) {
        if (SocketLoop.sendMultipart(socket, frames)) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastWaitInVain < PAUSE_MILLIS * 1_000_000L) {
            return false;
        }
        if (SocketLoop.sendMultipart(socket, frames, true)) {
            return true;
        }
        lastWaitInVain = now;
        return false;
    }
}
