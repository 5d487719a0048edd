package org.ccflux.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives CC messages routed to it. A handler is an OSGi service of this type; the core tracks all
 * of them (whiteboard) and routes by the {@link #ROUTES} service property.
 *
 * <h2>Routing</h2>
 * <p>For a message of type {@code a.b.c} the core looks up every prefix from {@code *} through
 * {@code a}, {@code a.b} to {@code a.b.c}, shortest first, and calls <em>every</em> handler registered
 * under each (this is CC's rule, not longest-match). Matching is whole-component: {@code pub} matches
 * {@code pub.infofile} but not {@code public.x}. Within one prefix, handlers are called by descending
 * {@code service.ranking}, then ascending {@code service.id}. A handler listed under two matching
 * prefixes is called twice. One handler failing does not stop delivery to the others.
 *
 * <h2>Threading</h2>
 * <p>{@link #EXECUTION} chooses where {@link #handle} runs:
 * <ul>
 * <li>{@code worker} (the default): on a thread pool the core owns for this handler, behind a bounded
 * queue of {@link #QUEUE_SIZE} messages and at most {@link #CONCURRENCY} calls at once (1 keeps
 * order). A full queue drops the message and counts it ({@code count.overflow}). Blocking is allowed.</li>
 * <li>{@code inline}: on the server's socket thread, in routing order. It must never block and should
 * take microseconds: every other message waits for it. Use it for pure in-memory work such as echo.</li>
 * </ul>
 *
 * <h2>Message security</h2>
 * <p>When the server checks incoming messages ({@code cms-verify-ca}, {@code cms-decrypt} or
 * {@code cms-time-window}), a handler only ever sees messages that passed every check: the core opens them
 * (decrypts, verifies the signature, the time window, {@code blob_hash}, replays, {@code cms-allow}) on its
 * crypto threads before routing, keeps their order, and dispatches them on the socket thread as above. Refused
 * messages never reach a handler; they are counted ({@code count.rejected.<reason>}). For an accepted message,
 * {@link CcMessage#json()} is the verified body (for an encrypted message the decrypted one: its body frame is
 * only {@code ENC1}) and {@link CcMessage#signer()} names the verified signer; the frames are unchanged, so a
 * forwarding handler passes the original signature on. Without those options no check is made,
 * {@link CcMessage#signer()} is empty and the body is whatever the peer sent. Replies and messages built with
 * {@link CcSender#reply} and {@link CcSender#create} are signed per the server's options. Signing is slow (about
 * 2 ms): the replies of an {@code inline} handler are signed on the server's crypto threads, in order; a
 * {@code worker} handler's on its own thread; {@code create} on the caller's thread.
 *
 * <h2>Lifecycle and errors</h2>
 * <p>The handler is called only while registered. An exception from {@link #handle} is logged and
 * counted ({@code count.crashed}) and never reaches the sender. Replies and new messages go through
 * {@link CcSender}. The message must not be modified (it is immutable) and may be retained.
 *
 * <h2>Service properties</h2>
 * Use the annotations {@link Routes}, {@link HandlerExecution} and {@link CcRoles} on the component
 * instead of typing these names; an operator can override each one in the component's configuration.
 *
 * @since 1.0
 */
@ConsumerType
public interface MessageHandler {
    /**
     * Service property (String, String[] or comma-separated String): the type prefixes this handler
     * receives, e.g. {@code "log"} or {@code {"pub.infofile", "echo"}}; {@code "*"} receives all.
     */
    String ROUTES = "routes";

    /** Service property: {@code "worker"} (default) or {@code "inline"}, see the class comment. */
    String EXECUTION = "handler.execution";

    /** Service property (integer, default 1000): the bounded queue in front of a worker handler. */
    String QUEUE_SIZE = "handler.queue.size";

    /** Service property (integer, default 1): concurrent calls of a worker handler. */
    String CONCURRENCY = "handler.concurrency";

    /**
     * Service property (String[], default {@code local, remote}): the {@code cc-role} values of the
     * server this handler may run in. A server with role {@code insecure} runs every handler.
     */
    String ROLES = "cc.roles";

    /**
     * Service property: the instance name used in logs and statistics. Defaults to the name of the
     * factory configuration (the part after {@code -} or {@code ~} in the .cfg file name).
     */
    String NAME = "handler.name";

    /**
     * Handles one message.
     *
     * @param message the message, already decoded (and, when the server verifies, verified or decrypted:
     *        read the body with {@link CcMessage#json()}, not from the body frame)
     * @throws Exception any failure; it is logged and counted, never propagated to the sender
     */
    void handle(CcMessage message) throws Exception;
}
