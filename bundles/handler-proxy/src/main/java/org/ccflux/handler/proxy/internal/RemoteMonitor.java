package org.ccflux.handler.proxy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ping = yes}: an {@code echo.request} to the remote every second, and the remote's
 * {@link RemoteState} from the pongs. Each change of state is one log line and a {@code became.*} counter;
 * every second in a state counts in {@code seconds.*}. Confined to the server's socket thread (ticks and
 * pongs both run there), so it needs no locking.
 *
 * <p>Pings are built by the {@code seal} function, which is the server's {@link org.ccflux.api.CcSender#create}
 * in production: they are signed (and encrypted) per the server's {@code cms-*} options, as CC signs every
 * message it creates. Signing one ping a second costs about 2 ms of the socket thread.
 */
final class RemoteMonitor {
    static final long PING_PERIOD_MILLIS = 1000;
    static final String PING = "echo.request";
    static final String PONG = "echo.response";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteMonitor.class);
    /** While down, the warning is repeated this often (CC repeated it every second). */
    private static final long DOWN_REMINDER_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String name;
    private final String remote;
    private final ProxyCounters counters;
    private final Function<ObjectNode, CcMessage> seal;
    private final Predicate<List<byte[]>> pingOut;
    private final LongSupplier nanoClock;
    private long lastPongNanos;
    private long lastReminderNanos;
    private long pongs;
    private BigDecimal lastPingTime;
    /** null until the first pong, or until the remote has been silent long enough to be late. */
    private RemoteState state;

    /**
     * @param seal builds the ping message (no route) from its body, e.g. {@code body -> sender.create(PING, body, null)}
     * @param pingOut sends a ping's frames to the remote; false if it was refused (HWM reached)
     * @param nanoClock {@link System#nanoTime} in production
     */
    RemoteMonitor(String name, String remote, ProxyCounters counters, Function<ObjectNode, CcMessage> seal,
            Predicate<List<byte[]>> pingOut, LongSupplier nanoClock) {
        this.name = name;
        this.remote = remote;
        this.counters = counters;
        this.seal = seal;
        this.pingOut = pingOut;
        this.nanoClock = nanoClock;
        this.lastPongNanos = nanoClock.getAsLong(); // as CC: silence counts from the start
    }

    /** Every {@link #PING_PERIOD_MILLIS}: re-evaluates the state, then pings. */
    void tick() {
        long now = nanoClock.getAsLong();
        double silence = (now - lastPongNanos) / 1e9;
        RemoteState next = RemoteState.ofSilence(silence);
        if (next == RemoteState.UP && pongs == 0) {
            next = state; // not heard from yet, not silent for long either: still unknown
        }
        if (next != null && next != state) {
            change(next, silence, now);
        } else if (state == RemoteState.DOWN && now - lastReminderNanos >= DOWN_REMINDER_NANOS) {
            LOG.warn("proxy {}: no pong from {} for {} s; still down", name, remote, Math.round(silence));
            lastReminderNanos = now;
        }
        if (state != null) {
            counters.second(state);
        }
        ping();
    }

    /** A message addressed to the proxy itself (its first frame is the delimiter): a pong, or unknown. */
    void onOwnMessage(CcMessage message) {
        if (!PONG.equals(message.type())) {
            LOG.warn("proxy {}: unknown msg {} from {}", name, message.type(), remote);
            return;
        }
        JsonNode body;
        try {
            body = message.json();
        } catch (InvalidMessageException e) {
            LOG.warn("proxy {}: unreadable pong from {}: {}", name, remote, e.getMessage());
            return;
        }
        if (!remote.equals(body.path("orig_target").asText())) {
            LOG.warn("proxy {}: unknown pong for {} from {}", name, body.path("orig_target").asText(), remote);
            return;
        }
        long now = nanoClock.getAsLong();
        lastPongNanos = now;
        pongs++;
        counters.add(counters.pongsReceived, 1);
        logRoundTrip(body.path("orig_time").decimalValue());
        if (state != RemoteState.UP) {
            change(RemoteState.UP, 0, now);
        }
    }

    RemoteState state() {
        return state;
    }

    private void ping() {
        ObjectNode body = CcJson.header(PING).put("target", remote);
        lastPingTime = body.get("time").decimalValue();
        CcMessage ping;
        try {
            ping = seal.apply(body);
        } catch (RuntimeException e) {
            LOG.warn("proxy {}: cannot build a ping for {}: {}", name, remote, e.toString());
            return;
        }
        if (pingOut.test(ping.frames())) {
            counters.add(counters.pingsSent, 1);
        }
    }

    private void logRoundTrip(BigDecimal origTime) {
        double rtt = CcJson.now().subtract(origTime).doubleValue();
        // compareTo: a JSON tree drops trailing zeros (1.240 comes back as 1.24), equals would see another ping
        if (lastPingTime != null && origTime.compareTo(lastPingTime) == 0) {
            LOG.trace("proxy {}: ping to {} took {} s", name, remote, rtt);
        } else if (rtt <= RemoteState.LATE_AFTER_SECONDS) {
            LOG.debug("proxy {}: late pong from {}: {} s", name, remote, rtt);
        } else {
            LOG.info("proxy {}: too late pong from {}: {} s", name, remote, rtt);
        }
    }

    private void change(RemoteState next, double silence, long now) {
        RemoteState previous = state;
        state = next;
        lastReminderNanos = now;
        counters.became(next);
        switch (next) {
            case UP -> LOG.info("proxy {}: remote {} is up{}", name, remote, previous == null ? "" : " again (was " + previous.label + ")");
            case LATE -> LOG.warn("proxy {}: no pong from {} for {} s; remote is late", name, remote, Math.round(silence));
            case DOWN -> LOG.warn("proxy {}: no pong from {} for {} s; remote is down (messages beyond zmq_hwm are dropped and counted)",
                    name, remote, Math.round(silence));
        }
    }
}
