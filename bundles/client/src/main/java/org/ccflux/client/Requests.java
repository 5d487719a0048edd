package org.ccflux.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.OpenResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pending requests of one client by request id, and the matching of replies to them. */
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    /** Null when replies are taken as they come (no cms-verify-ca, cms-decrypt or cms-time-window). */
    private final MessageOpener opener;
    private final LongAdder rejected = new LongAdder();

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongAdder unmatched = new LongAdder();

    Requests(MessageOpener opener) {
        this.opener = opener;
    }

    /** @return the next request id, {@code Q000001} first, as CC's {@code CCReqStream} numbers them */
    String nextId() {
        return String.format("Q%06d", sequence.incrementAndGet());
    }

    /** Registers {@code p} until it completes, however it completes. Any thread. */
    <P extends Pending> P add(P p) {
        pending.put(p.id, p);
        p.completion().whenComplete((r, e) -> pending.remove(p.id, p));
        return p;
    }

    /** Hands a received message to its pending request, or counts it unmatched. Loop thread. */
    void dispatch(List<byte[]> frames) {
        CcMessage message;
        try {
            message = CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            unmatched.increment();
            LOG.debug("dropping an invalid message ({} frames)", frames.size(), e);
            return;
        }
        Pending p = find(message);
        if (p == null) {
            unmatched.increment();
            LOG.debug("dropping {} with route of {} frames: no pending request has its id (late, closed or "
                    + "never sent)", message.type(), message.route().size());
            return;
        }
        if (opener != null) {
            OpenResult r = opener.open(message);
            if (r instanceof OpenResult.Rejected refused) {
                rejected.increment();
                LOG.warn("reply {} to {} (request {}) refused: {}", message.type(), p.type, p.id, refused);
                p.fail(new SecurityException(p.type + " (request " + p.id + "): reply refused: " + refused));
                return;
            }
            OpenResult.Accepted accepted = (OpenResult.Accepted) r;
            message = message.withVerifiedBody(accepted.json(), accepted.signer() == null ? null : accepted.signer().subject());
        }
        p.reply(message);
    }

    /** Fails the request {@code message} belongs to, if any (its send was dropped). Any thread. */
    void dropped(CcMessage message, String reason) {
        Pending p = find(message);
        if (p != null) {
            p.fail(new IllegalStateException(p.type + " (request " + p.id + ") dropped: " + reason));
        }
    }

    /** Completes every request that is past its deadline with a timeout. Loop thread. */
    void sweep() {
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            p.expireIfDue(now);
        }
    }

    void failAll(Throwable cause) {
        for (Pending p : pending.values()) {
            p.fail(cause);
        }
    }

    long rejected() {
        return rejected.sum();
    }

    long unmatched() {
        return unmatched.sum();
    }

    int size() {
        return pending.size();
    }

    /** A reply matches when its route is exactly one frame, the request id. */
    private Pending find(CcMessage message) {
        List<byte[]> route = message.route();
        return route.size() == 1 ? pending.get(new String(route.get(0), StandardCharsets.ISO_8859_1)) : null;
    }
}
