package org.ccflux.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageType;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.client.loop.CurveSetup;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A connection to a CC server: a ZeroMQ DEALER on a {@link SocketLoop}, reconnecting by itself.
 *
 * <p>Messages go out as {@code [route…, '', type, body, signature, blob]}. {@link #request} puts a request
 * id {@code Q000001}, {@code Q000002}, … in front of the delimiter; CC copies the route into its replies
 * (protocol §2.5, §8), and the first reply whose route is exactly that id completes the request. Replies
 * nobody waits for any more (after a timeout, a close) are counted in {@link #unmatched()} and dropped.
 *
 * <p>Message security: with {@link ClientOptions#crypto()} set, what the client builds from a type and a body is
 * signed (or signed and encrypted) and replies are verified (or decrypted) on the loop thread; with
 * {@link ClientOptions#curve()} the connection itself is encrypted with CurveZMQ.
 *
 * <p>Threading: every method is thread-safe and none blocks except {@link #close()}. From other threads a
 * message goes through a bounded queue to the loop thread; on the loop thread it is written at once.
 * Replies, timeouts and stream callbacks run on the loop thread: they must not block, and neither may
 * dependent stages of the returned futures (use the {@code …Async} variants for work that blocks).
 *
 * @since 1.0
 */
public final class CcClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CcClient.class);
    private static final String THREAD_NAME = "ccflux-client";
    private static final long CALL_TIMEOUT_MILLIS = 10_000;
    /** Timeout resolution: requests are checked this often, on the loop, instead of one timer each. */
    private static final long SWEEP_MILLIS = 20;

    private final SocketLoop loop;
    private final boolean ownLoop;
    private final String endpoint;
    private final ClientOptions options;
    private final MessageSealer sealer;
    private final Requests requests;
    private final LongAdder received = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Outbox outbox;
    private final Runnable cancelSweep;

    private CcClient(SocketLoop loop, boolean ownLoop, String endpoint, ClientOptions options) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.ownLoop = ownLoop;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.sealer = MessageSealer.create(options.crypto());
        this.requests = new Requests(options.crypto().opensIncoming() ? MessageOpener.create(options.crypto()) : null);
        this.outbox = loop.call(this::open, CALL_TIMEOUT_MILLIS);
        this.cancelSweep = loop.schedule(SWEEP_MILLIS, requests::sweep);
        LOG.debug("connecting to {} with {}", endpoint, options);
    }

    /** Connects with {@link ClientOptions#defaults()} on a loop of its own. */
    public static CcClient connect(String endpoint) {
        return connect(endpoint, ClientOptions.defaults());
    }

    /**
     * Connects on a loop of its own (thread {@code ccflux-client}), which {@link #close()} stops.
     *
     * @param endpoint a ZeroMQ endpoint, e.g. {@code tcp://127.0.0.1:10000}; the server need not be up yet
     * @throws IllegalArgumentException if ZeroMQ refuses the endpoint
     */
    public static CcClient connect(String endpoint, ClientOptions options) {
        SocketLoop loop = new SocketLoop(THREAD_NAME, options.ioThreads());
        try {
            return new CcClient(loop, true, endpoint, options);
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    /**
     * Connects on an existing loop; {@link #close()} then closes only this client's socket. Close the
     * client before the loop.
     */
    public static CcClient connect(SocketLoop loop, String endpoint, ClientOptions options) {
        return new CcClient(loop, false, endpoint, options);
    }

    /**
     * Builds {@code ['', type, body, '']} (plus the blob frame if {@code blob} is not null), ready for
     * {@link #send(CcMessage)}.
     *
     * @param body the JSON body; {@code null} means CC's standard header ({@link CcJson#header}); a body
     *        without {@code req} is sent as a copy with {@code req} = {@code type}
     * @throws IllegalArgumentException if {@code type} is invalid or {@code body.req} is not {@code type}
     *         (CC receivers reject such messages)
     */
    public static CcMessage message(String type, ObjectNode body, byte[] blob) {
        return CcMessage.of(List.of(), type, CcJson.toBytes(withReq(type, body)), null, blob);
    }

    /**
     * Builds a message like {@link #message}, sealed by this client's {@link ClientOptions#crypto()}: signed
     * (with {@code blob_hash} for a blob) and, with {@code cms-encrypt}, encrypted. Without crypto options
     * it equals {@link #message}. Signing costs about a millisecond of CPU.
     *
     * @since 1.1
     */
    public CcMessage create(String type, ObjectNode body, byte[] blob) {
        return sealer.seal(type, withReq(type, body), blob);
    }

    /**
     * Sends {@code message}'s frames as they are; its route frames go in front of the delimiter.
     *
     * @return false if the message was dropped at once (send queue full, client closed); true means it was
     *         written or queued. While the server does not take messages (down, slow) they wait in ZeroMQ up to
     *         the HWM and then in the send queue; a later refusal is counted in {@link #dropped()}
     */
    public boolean send(CcMessage message) {
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            outbox.drop(message, "client closed");
            return false;
        }
        return loop.inLoop() ? outbox.write(message) : outbox.offer(message);
    }

    /** Sends {@link #create create(type, body, null)}; see {@link #send(CcMessage)}. */
    public boolean send(String type, ObjectNode body) {
        return send(create(type, body, null));
    }

    /** Sends {@link #create create(type, body, blob)}; see {@link #send(CcMessage)}. */
    public boolean send(String type, ObjectNode body, byte[] blob) {
        return send(create(type, body, blob));
    }

    /** {@link #request(CcMessage, Duration)} of {@link #create create(type, body, null)}. */
    public CompletableFuture<CcMessage> request(String type, ObjectNode body, Duration timeout) {
        return request(create(type, body, null), timeout);
    }

    /** {@link #request(CcMessage, Duration)} of {@link #create create(type, body, blob)}. */
    public CompletableFuture<CcMessage> request(String type, ObjectNode body, byte[] blob, Duration timeout) {
        return request(create(type, body, blob), timeout);
    }

    /**
     * Sends {@code message} with its route replaced by a new request id and returns the first reply.
     *
     * @return completes with the reply; exceptionally with a {@link java.util.concurrent.TimeoutException}
     *         when none came within {@code timeout}, or an {@link IllegalStateException} when the message was
     *         dropped or the client closed. Cancelling it forgets the request.
     */
    public CompletableFuture<CcMessage> request(CcMessage message, Duration timeout) {
        Pending.Reply pending = new Pending.Reply(requests.nextId(), message.type(), timeout);
        submit(pending, message);
        return pending.future;
    }

    /** {@link #stream(CcMessage, Duration, Consumer)} of {@link #create create(type, body, null)}. */
    public RequestStream stream(String type, ObjectNode body, Duration idleTimeout, Consumer<CcMessage> onReply) {
        return stream(create(type, body, null), idleTimeout, onReply);
    }

    /**
     * Sends {@code message} with a new request id, like {@link #request(CcMessage, Duration)}, and hands
     * every reply to {@code onReply} on the loop thread until the stream is closed or no reply came for
     * {@code idleTimeout}.
     */
    public RequestStream stream(CcMessage message, Duration idleTimeout, Consumer<CcMessage> onReply) {
        Objects.requireNonNull(onReply, "onReply");
        Pending.Stream pending = new Pending.Stream(requests.nextId(), message.type(), idleTimeout, onReply);
        submit(pending, message);
        return new RequestStream(pending);
    }

    /** @return messages written to the socket */
    public long sent() {
        return outbox.sent();
    }

    /** @return messages received, matched or not */
    public long received() {
        return received.sum();
    }

    /** @return messages not sent: send queue full, or client closed */
    public long dropped() {
        return outbox.dropped();
    }

    /** @return messages received that no pending request or stream took (late, unknown id, invalid) */
    public long unmatched() {
        return requests.unmatched();
    }

    /** @return replies refused by the {@code cms-*} checks of {@link ClientOptions#crypto()} */
    public long rejected() {
        return requests.rejected();
    }

    /** @return requests and streams still waiting */
    int pending() {
        return requests.size();
    }

    /**
     * Writes what is queued, closes the socket (letting unsent messages go out for up to
     * {@link ClientOptions#lingerMillis()}), fails what is pending with an {@link IllegalStateException}
     * and, if the client has its own loop, stops it. Blocks for at most the linger; repeated calls do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancelSweep.run();
        try {
            loop.call(ctx -> {
                outbox.flush();
                loop.removeEveryTurn(outbox.drainHook);
                closeSocket(ctx);
                return null;
            }, CALL_TIMEOUT_MILLIS);
        } finally {
            requests.failAll(new IllegalStateException("client of " + endpoint + " closed"));
            if (ownLoop) {
                loop.close();
            }
        }
    }

    @Override
    public String toString() {
        return "CcClient[" + endpoint + "]";
    }

    /** Creates the DEALER and its outbox; loop thread. */
    private Outbox open(ZContext ctx) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
        try {
            ZmqDefaults.apply(socket);
            CurveSetup.apply(socket, options.curve());
            socket.setSndHWM(options.hwm());
            socket.setRcvHWM(options.hwm());
            socket.setLinger(options.lingerMillis());
            socket.setReconnectIVL(options.reconnectIvlMillis());
            socket.setReconnectIVLMax(options.reconnectIvlMaxMillis());
            socket.connect(endpoint);
        } catch (RuntimeException e) {
            ctx.destroySocket(socket);
            throw new IllegalArgumentException("cannot connect to '" + endpoint + "': " + e.getMessage(), e);
        }
        Outbox box = new Outbox(loop, socket, options.sendQueue(), requests::dropped);
        loop.register(socket, SocketLoop.Reader.always(frames -> { // replies are handed over on the loop thread
            received.increment();
            requests.dispatch(frames);
        }));
        loop.everyTurn(box.drainHook);
        return box;
    }

    private void closeSocket(ZContext ctx) {
        // SocketLoop.close(socket) ends in ZContext.destroySocket, which applies the *context's* linger
        // (JeroMQ default 0) and would discard unsent messages; lend it ours for this one close.
        int contextLinger = ctx.getLinger();
        ctx.setLinger(options.lingerMillis());
        try {
            loop.close(outbox.socket);
        } finally {
            ctx.setLinger(contextLinger);
        }
    }

    private void submit(Pending pending, CcMessage message) {
        requests.add(pending);
        // A dropped send fails the pending request through Outbox's drop callback.
        send(message.withRoute(List.of(pending.id.getBytes(StandardCharsets.US_ASCII))));
        if (closed.get()) {
            pending.fail(new IllegalStateException("client of " + endpoint + " closed")); // raced close()
        }
    }

    private static ObjectNode withReq(String type, ObjectNode body) {
        if (!MessageType.isValid(type)) {
            throw new IllegalArgumentException("invalid message type '" + type + "'");
        }
        if (body == null) {
            return CcJson.header(type);
        }
        JsonNode req = body.get("req");
        if (req == null) {
            ObjectNode copy = CcJson.MAPPER.createObjectNode().put("req", type);
            copy.setAll(body);
            return copy;
        }
        if (!req.isTextual() || !req.textValue().equals(type)) {
            throw new IllegalArgumentException("body.req must equal the message type '" + type
                    + "' (CC receivers reject a mismatch), was " + req);
        }
        return body;
    }
}
