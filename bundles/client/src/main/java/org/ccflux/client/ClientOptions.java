package org.ccflux.client;

/**
 * Socket and queue settings of a {@link CcClient}; immutable, change with the {@code with…} methods:
 * {@code ClientOptions.defaults().withHwm(1000).withLingerMillis(0)}.
 *
 * <p>The defaults are those of CC's task client ({@code CCReqStream}): HWM 100, linger 500 ms.
 *
 * @since 1.0
 */
public final class ClientOptions {
    private static final ClientOptions DEFAULTS = new ClientOptions(100, 500, 100, 5000, 10_000, 1);

    private final int hwm;
    private final int lingerMillis;
    private final int reconnectIvlMillis;
    private final int reconnectIvlMaxMillis;
    private final int sendQueue;
    private final int ioThreads;

    private ClientOptions(int hwm, int lingerMillis, int reconnectIvlMillis, int reconnectIvlMaxMillis,
            int sendQueue, int ioThreads) {
        this.hwm = atLeast("hwm", hwm, 0);
        this.lingerMillis = atLeast("lingerMillis", lingerMillis, -1);
        this.reconnectIvlMillis = atLeast("reconnectIvlMillis", reconnectIvlMillis, 1);
        this.reconnectIvlMaxMillis = atLeast("reconnectIvlMaxMillis", reconnectIvlMaxMillis, 0);
        if (reconnectIvlMaxMillis != 0 && reconnectIvlMaxMillis < reconnectIvlMillis) {
            throw new IllegalArgumentException("reconnectIvlMaxMillis must be 0 (no back-off) or at least "
                    + "reconnectIvlMillis (" + reconnectIvlMillis + "), was " + reconnectIvlMaxMillis);
        }
        this.sendQueue = atLeast("sendQueue", sendQueue, 1);
        this.ioThreads = atLeast("ioThreads", ioThreads, 1);
    }

    /** @return HWM 100, linger 500 ms, reconnect 100 ms backing off to 5000 ms, send queue 10000, 1 I/O thread */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /** @return ZeroMQ SNDHWM and RCVHWM of the DEALER (messages; 0 = unlimited) */
    public int hwm() {
        return hwm;
    }

    /** @return how long {@link CcClient#close()} lets unsent messages go out (ms; -1 = forever, 0 = drop) */
    public int lingerMillis() {
        return lingerMillis;
    }

    /** @return first reconnect delay after the connection is lost (ms) */
    public int reconnectIvlMillis() {
        return reconnectIvlMillis;
    }

    /** @return upper bound of ZeroMQ's exponential reconnect back-off (ms; 0 = no back-off) */
    public int reconnectIvlMaxMillis() {
        return reconnectIvlMaxMillis;
    }

    /**
     * @return capacity of the queue in front of the socket: messages wait there while ZeroMQ is at its HWM;
     *         a send to a full queue is dropped and counted
     */
    public int sendQueue() {
        return sendQueue;
    }

    /** @return ZeroMQ I/O threads of a client's own loop (unused with a shared loop) */
    public int ioThreads() {
        return ioThreads;
    }

    public ClientOptions withHwm(int value) {
        return new ClientOptions(value, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads);
    }

    public ClientOptions withLingerMillis(int value) {
        return new ClientOptions(hwm, value, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads);
    }

    public ClientOptions withReconnectIvlMillis(int value) {
        return new ClientOptions(hwm, lingerMillis, value, reconnectIvlMaxMillis, sendQueue, ioThreads);
    }

    public ClientOptions withReconnectIvlMaxMillis(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, value, sendQueue, ioThreads);
    }

    public ClientOptions withSendQueue(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, value, ioThreads);
    }

    public ClientOptions withIoThreads(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, value);
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ClientOptions[hwm=" + hwm + ", lingerMillis=" + lingerMillis + ", reconnectIvlMillis="
                + reconnectIvlMillis + ", reconnectIvlMaxMillis=" + reconnectIvlMaxMillis + ", sendQueue="
                + sendQueue + ", ioThreads=" + ioThreads + "]";
    }
}
