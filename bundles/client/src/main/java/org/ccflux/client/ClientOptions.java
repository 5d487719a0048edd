package org.ccflux.client;

import java.util.Objects;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.CurveOptions;

/**
 * Socket and queue settings of a {@link CcClient}; immutable, change with the {@code with…} methods:
 * {@code ClientOptions.defaults().withHwm(1000).withLingerMillis(0)}.
 *
 * <p>The defaults are those of CC's task client ({@code CCReqStream}): HWM 100, linger 500 ms.
 *
 * @since 1.0
 */
public final class ClientOptions {
    private static final ClientOptions DEFAULTS = new ClientOptions(100, 500, 100, 5000, 10_000, 1, CryptoOptions.none(),
            CurveOptions.none());

    private final int hwm;
    private final int lingerMillis;
    private final int reconnectIvlMillis;
    private final int reconnectIvlMaxMillis;
    private final int sendQueue;
    private final int ioThreads;
    private final CryptoOptions crypto;
    private final CurveOptions curve;

    private ClientOptions(int hwm, int lingerMillis, int reconnectIvlMillis, int reconnectIvlMaxMillis,
            int sendQueue, int ioThreads, CryptoOptions crypto, CurveOptions curve) {
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
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.curve = Objects.requireNonNull(curve, "curve").forConnecting();
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
        return new ClientOptions(value, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads, crypto, curve);
    }

    public ClientOptions withLingerMillis(int value) {
        return new ClientOptions(hwm, value, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads, crypto, curve);
    }

    public ClientOptions withReconnectIvlMillis(int value) {
        return new ClientOptions(hwm, lingerMillis, value, reconnectIvlMaxMillis, sendQueue, ioThreads, crypto, curve);
    }

    public ClientOptions withReconnectIvlMaxMillis(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, value, sendQueue, ioThreads, crypto, curve);
    }

    public ClientOptions withSendQueue(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, value, ioThreads, crypto, curve);
    }

    public ClientOptions withIoThreads(int value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, value, crypto, curve);
    }

    /**
     * @return the {@code cms-*} options: messages the client builds ({@link CcClient#create}, and every send and
     *         request given a type and body) are signed or encrypted by them, and replies are verified or
     *         decrypted by them; a refused reply fails its request with a {@link SecurityException}
     * @since 1.1
     */
    public CryptoOptions crypto() {
        return crypto;
    }

    /**
     * @return the {@code curve-*} options: with a server key the connection is encrypted with CurveZMQ
     * @since 1.1
     */
    public CurveOptions curve() {
        return curve;
    }

    /** @see #crypto() */
    public ClientOptions withCrypto(CryptoOptions value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads, value, curve);
    }

    /**
     * @throws IllegalArgumentException if {@code value} has an own key but no server key
     * @see #curve()
     */
    public ClientOptions withCurve(CurveOptions value) {
        return new ClientOptions(hwm, lingerMillis, reconnectIvlMillis, reconnectIvlMaxMillis, sendQueue, ioThreads, crypto, value);
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
                + sendQueue + ", ioThreads=" + ioThreads + ", " + crypto + ", " + curve + "]";
    }
}
