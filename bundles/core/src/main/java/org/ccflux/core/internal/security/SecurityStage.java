package org.ccflux.core.internal.security;

import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.RateLimitedLog;
import org.ccflux.core.internal.pipeline.StatNames;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.OpenResult;
import org.ccflux.crypto.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The security stage of the ingress pipeline, between decode and dispatch: every message is opened
 * ({@link MessageOpener#open}: decrypt, verify, time window, blob hash, allow-list, replay cache) off the
 * socket thread, on the crypto scheduler, several at a time, and handed back to the socket thread in
 * arrival order.
 *
 * <pre>
 * decoded ─ flatMapSequential(open on crypto, concurrency) ─ publishOn(socket thread) ─ dispatch
 * </pre>
 *
 * <ul>
 * <li><b>Order:</b> {@code flatMapSequential} emits results in the order the messages arrived, whichever
 * crypto thread finishes first. A refused message leaves an empty slot, nothing else moves.</li>
 * <li><b>Threads:</b> opening runs on the crypto scheduler (CPU-bound, one thread per core); dispatch, and so
 * every inline handler, runs on the socket thread again after {@code publishOn}, as
 * {@link org.ccflux.api.MessageHandler} promises.</li>
 * <li><b>Back-pressure:</b> at most {@code concurrency} messages are being opened or wait for their turn, and
 * at most {@code concurrency} more wait for the socket thread; the stage requests a new message from
 * upstream only when one has left. When crypto is slower than the senders, demand runs out, the pipeline's
 * {@code limitRate} stops requesting, and the socket is not read (ZeroMQ's high-water mark pushes back on
 * the senders).</li>
 * <li><b>Refusals:</b> dropped, counted ({@code count.rejected}, {@code bytes.rejected},
 * {@code count.rejected.<reason>}) and logged in one WARN line per reason at most once a second, without a
 * stack trace. Never an error signal: a failure in here cannot end the pipeline.</li>
 * <li><b>Live changes:</b> the opener is read from a volatile field per message, so a new {@code cms-*}
 * configuration applies to the next message without rebuilding the pipeline.</li>
 * </ul>
 */
public final class SecurityStage implements Function<Flux<CcMessage>, Flux<CcMessage>> {
    /** What opens a message; {@link MessageOpener#open(CcMessage)} in production. Must never block for long. */
    @FunctionalInterface
    public interface Opener {
        OpenResult open(CcMessage message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SecurityStage.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_SENDER_HEX_BYTES = 32;

    private final CcStats stats;
    private final Scheduler crypto;
    private final Scheduler socket;
    private final int concurrency;
    private final Map<Reason, RateLimitedLog> logs = new EnumMap<>(Reason.class);
    private volatile Opener opener;

    /**
     * @param opener the first opener; null lets messages through unchecked
     * @param crypto where messages are opened (bounded, CPU-bound work)
     * @param socket where dispatch continues: the server's socket thread
     * @param concurrency messages opened at once (and the bound of each of the stage's two buffers)
     */
    public SecurityStage(Opener opener, CcStats stats, Scheduler crypto, Scheduler socket, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.opener = opener;
        this.stats = Objects.requireNonNull(stats, "stats");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.concurrency = concurrency;
        for (Reason r : Reason.values()) {
            logs.put(r, new RateLimitedLog(LOG, 1000));
        }
    }

    /** @return an opener for {@code opener}, or null for null */
    public static Opener of(MessageOpener opener) {
        return opener == null ? null : opener::open;
    }

    /** Swaps the opener; messages not yet opened use the new one. Thread-safe. */
    public void setOpener(Opener next) {
        opener = next;
    }

    public int concurrency() {
        return concurrency;
    }

    @Override
    public Flux<CcMessage> apply(Flux<CcMessage> decoded) {
        return decoded
                .flatMapSequential(m -> Mono.fromCallable(() -> open(m)).subscribeOn(crypto), concurrency, 1)
                .publishOn(socket, concurrency);
    }

    /**
     * Opens one message on the calling thread.
     *
     * @return the message with its verified body and signer, or null if it was refused (counted and logged)
     */
    CcMessage open(CcMessage message) {
        Opener current = opener;
        if (current == null) {
            return message;
        }
        OpenResult result;
        try {
            result = current.open(message);
        } catch (RuntimeException | StackOverflowError e) {
            // MessageOpener never throws for input; anything else must not end the pipeline either
            result = new OpenResult.Rejected(Reason.MALFORMED, "cannot be opened: " + e);
        }
        if (result instanceof OpenResult.Accepted accepted) {
            return message.withVerifiedBody(accepted.json(), accepted.signer() == null ? null : accepted.signer().subject());
        }
        OpenResult.Rejected rejected = (OpenResult.Rejected) result;
        Reason reason = rejected.reason();
        stats.add(StatNames.REJECTED_COUNT, 1);
        stats.add(StatNames.REJECTED_BYTES, message.size());
        stats.add(StatNames.REJECTED_PREFIX + reason.id(), 1);
        logs.get(reason).warn("message {} from {} rejected: {} ({})", message.type(), sender(message), reason.id(),
                rejected.detail());
        return null;
    }

    /** @return who sent it, as far as it is known without trusting the message: the nearest peer's identity */
    static String sender(CcMessage message) {
        if (message.signer().isPresent()) {
            return "signer " + message.signer().get();
        }
        List<byte[]> route = message.route();
        if (route.isEmpty()) {
            return "no peer";
        }
        byte[] peer = route.get(0);
        String hex = peer.length <= MAX_SENDER_HEX_BYTES ? HEX.formatHex(peer)
                : HEX.formatHex(peer, 0, MAX_SENDER_HEX_BYTES) + "…";
        return "peer " + hex + (route.size() > 1 ? " (+" + (route.size() - 1) + " route frames)" : "");
    }
}
