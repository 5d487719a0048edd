package org.ccflux.handler.echo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.client.loop.ZmqDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The active half of the echo handler: one DEALER per remote (HWM 1, linger 0, as CC), an
 * {@code echo.request} every second, and a warning when a remote has not answered for more than
 * 5 seconds. One thread ({@code ccflux-echo-ping}) owns all the sockets.
 *
 * <p>Pings are messages this server creates, so they are built by the server's {@link CcSender#create}: signed
 * (and encrypted) per its {@code cms-*} options, as CC signs its echo pings. Signing costs about 2 ms per ping,
 * on this thread, not the socket thread.
 */
final class EchoPinger implements AutoCloseable {
    static final long PING_INTERVAL_MILLIS = 1000;
    static final double LATE_SECONDS = 5.0;
    private static final Logger LOG = LoggerFactory.getLogger(EchoPinger.class);

    private final List<String> targets;
    private final CcStats stats;
    private final Function<ObjectNode, CcMessage> seal;
    private final Thread thread;
    private final Map<String, Remote> remotes = new HashMap<>();
    private volatile boolean closing;

    private EchoPinger(List<String> targets, CcStats stats, Function<ObjectNode, CcMessage> seal) {
        this.targets = targets;
        this.stats = stats;
        this.seal = seal;
        this.thread = new Thread(this::run, "ccflux-echo-ping");
        this.thread.setDaemon(true);
    }

    /**
     * @param sender builds the pings ({@link CcSender#create}); null: unsigned pings, as without {@code cms-sign}
     */
    static EchoPinger start(List<String> targets, CcStats stats, CcSender sender) {
        Function<ObjectNode, CcMessage> seal = sender != null ? body -> sender.create(EchoHandler.REQUEST, body, null)
                : body -> CcMessage.of(List.of(), EchoHandler.REQUEST, CcJson.toBytes(body), null, null);
        EchoPinger p = new EchoPinger(targets, stats, seal);
        if (!targets.isEmpty()) {
            p.thread.start();
            LOG.info("pinging {}", targets);
        }
        return p;
    }

    List<String> targets() {
        return targets;
    }

    /** @return seconds since the last pong from {@code target}, for tests and status */
    synchronized double silenceSeconds(String target) {
        Remote r = remotes.get(target);
        return r == null ? Double.NaN : r.lastPing - r.lastPong;
    }

    synchronized long pongs(String target) {
        Remote r = remotes.get(target);
        return r == null ? 0 : r.pongs;
    }

    private void run() {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Poller poller = ctx.createPoller(targets.size());
            List<Remote> list = new ArrayList<>();
            double now = now();
            for (String url : targets) {
                ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
                dealer.setSndHWM(1);
                dealer.setRcvHWM(1);
                dealer.setLinger(0);
                ZmqDefaults.apply(dealer);
                dealer.connect(url);
                Remote r = new Remote(url, dealer, now);
                synchronized (this) {
                    remotes.put(url, r);
                }
                list.add(r);
                poller.register(dealer, ZMQ.Poller.POLLIN);
            }
            long nextPing = System.currentTimeMillis();
            while (!closing) {
                long wait = nextPing - System.currentTimeMillis();
                if (wait <= 0) {
                    list.forEach(this::ping);
                    nextPing += PING_INTERVAL_MILLIS;
                    continue;
                }
                poller.poll(Math.min(wait, 200));
                for (int i = 0; i < list.size(); i++) {
                    if (poller.pollin(i)) {
                        receive(list.get(i));
                    }
                }
            }
            poller.close();
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("echo pinger stopped", e);
            }
        }
    }

    private void ping(Remote r) {
        double silence = r.lastPing - r.lastPong;
        if (silence > LATE_SECONDS) {
            LOG.warn("no pong from {} for {} s", r.url, Math.round(silence));
        }
        ObjectNode body = CcJson.header(EchoHandler.REQUEST);
        body.put("target", r.url);
        CcMessage m;
        try {
            m = seal.apply(body);
        } catch (RuntimeException e) {
            LOG.warn("cannot build a ping for {}: {}", r.url, e.toString());
            return;
        }
        synchronized (this) {
            r.lastPing = body.get("time").asDouble(); // as CC: a ping counts as sent even if it had to be skipped
        }
        List<byte[]> frames = m.frames();
        // HWM 1: while the remote is unreachable the previous ping still waits; skip this one. Once the first
        // frame is accepted, ZeroMQ accepts the rest of the message.
        if (!r.socket.send(frames.get(0), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            stats.increment("echo.ping.skipped");
            return;
        }
        for (int i = 1; i < frames.size() - 1; i++) {
            r.socket.send(frames.get(i), ZMQ.SNDMORE);
        }
        r.socket.send(frames.get(frames.size() - 1), 0);
        stats.increment("echo.ping.sent");
    }

    private void receive(Remote from) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(from.socket.recv(ZMQ.DONTWAIT));
        while (from.socket.hasReceiveMore()) {
            frames.add(from.socket.recv(0));
        }
        try {
            CcMessage m = CcMessage.decode(frames);
            if (!EchoResponse.TYPE.equals(m.type())) {
                LOG.warn("unknown msg from {}: {}", from.url, m.type());
                return;
            }
            pong(m.json());
        } catch (InvalidMessageException e) {
            LOG.warn("invalid reply from {}: {}", from.url, e.reason());
        }
    }

    private void pong(JsonNode body) {
        String target = body.path("orig_target").asText("");
        double origTime = body.path("orig_time").asDouble();
        double now = now();
        double rtt = now - origTime;
        synchronized (this) {
            Remote r = remotes.get(target);
            if (r == null) {
                LOG.warn("unknown pong: {}", target);
                return;
            }
            r.lastPong = now;
            r.pongs++;
            if (origTime == r.lastPing) {
                LOG.trace("echo: ping to {} took {} s", target, rtt);
            } else if (rtt <= LATE_SECONDS) {
                LOG.debug("echo: late pong from {}: {} s", target, rtt);
            } else {
                LOG.info("echo: too late pong from {}: {} s", target, rtt);
            }
        }
        stats.increment("echo.pong.received");
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        closing = true;
        if (thread.isAlive()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Remote {
        final String url;
        final ZMQ.Socket socket;
        double lastPing;
        double lastPong;
        long pongs;

        Remote(String url, ZMQ.Socket socket, double now) {
            this.url = url;
            this.socket = socket;
            this.lastPing = now;
            this.lastPong = now;
        }
    }
}
