package org.ccflux.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One load run against a CC endpoint from a single DEALER on a single thread (a JeroMQ socket is not
 * thread-safe, and one thread leaves the most CPU to the servers on a small machine).
 *
 * <p>Window mode keeps {@code window} requests open and measures round trips/s; fixed-rate mode sends on a
 * schedule and measures latency from each request's <em>scheduled</em> send time, so a stall of the
 * generator or the server shows up in the latency instead of silently lowering the rate.
 *
 * <p>Timeline: warm-up (sent and answered, not measured), the measured window, then the drain: no more
 * sends, wait for the open requests; whatever is still open afterwards is lost.
 */
public final class LoadGenerator {
    /** Sends per loop pass at most, so a generator running late still reads replies in between. */
    private static final int MAX_BURST = 1000;
    /** Route frame of the probe that checks the connection before the clock starts; not a sequence number. */
    private static final byte[] PROBE = "probe".getBytes(StandardCharsets.US_ASCII);
    private static final long PROBE_TIMEOUT_MILLIS = 15_000;
    /** Longest sleep without looking for replies at a fixed rate (Linux adds ~50 µs of timer slack). */
    private static final long SLICE_NANOS = 50_000;

    private final LoadSettings settings;

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
    }

    public RunResult run() {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
            ZmqDefaults.apply(socket);
            socket.setSndHWM(settings.hwm());
            socket.setRcvHWM(settings.hwm());
            socket.setLinger(0);
            socket.connect(settings.endpoint());
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(socket, ZMQ.Poller.POLLIN);
            try {
                awaitFirstRoundTrip(socket, poller);
                return new Run(socket, poller).execute();
            } finally {
                poller.close();
            }
        }
    }

    /**
     * Sends one probe and waits for all its replies before the run's clock starts. A fresh JeroMQ connection
     * sometimes stalls in its handshake until ZMQ_HANDSHAKE_IVL (1 s, see ZmqDefaults) resets it; without
     * this, that second would land in the run as a backlog the generator then chases at a fixed rate.
     */
    private void awaitFirstRoundTrip(ZMQ.Socket socket, ZMQ.Poller poller) {
        socket.send(PROBE, ZMQ.SNDMORE);
        socket.send(EchoFrames.EMPTY, ZMQ.SNDMORE);
        socket.send(EchoFrames.REQUEST_TYPE, ZMQ.SNDMORE);
        EchoFrames.Payload probe = settings.requestPayload();
        socket.send(probe.body(), ZMQ.SNDMORE);
        socket.send(probe.signature(), 0);
        long deadline = System.currentTimeMillis() + PROBE_TIMEOUT_MILLIS;
        int replies = 0;
        while (replies < settings.expectedReplies()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("no reply from " + settings.endpoint() + " within " + PROBE_TIMEOUT_MILLIS + " ms");
            }
            poller.poll(left);
            byte[] first;
            while ((first = socket.recv(ZMQ.DONTWAIT)) != null) {
                while (socket.hasReceiveMore()) {
                    socket.recv(0);
                }
                if (Arrays.equals(first, PROBE)) {
                    replies++;
                }
            }
        }
    }

    /** The state of one run; used once. */
    private final class Run {
        private final ZMQ.Socket socket;
        private final ZMQ.Poller poller;
        private final EchoFrames.Payload payload = settings.requestPayload();
        private final InFlight inFlight = new InFlight(settings.expectedReplies());
        private final Latencies latencies = new Latencies();
        private final Latencies sendLag = new Latencies();
        private long seq;
        private long answeredInWindow;
        private long badReplies;
        private long sendBlocked;
        private long measureStart;
        private long measureEnd;

        Run(ZMQ.Socket socket, ZMQ.Poller poller) {
            this.socket = socket;
            this.poller = poller;
        }

        RunResult execute() {
            long start = System.nanoTime();
            measureStart = start + settings.warmup().toNanos();
            measureEnd = measureStart + settings.measure().toNanos();
            long drainEnd = measureEnd + settings.drain().toNanos();
            double nanosPerMessage = settings.rate() > 0 ? 1e9 / settings.rate() : 0;
            while (true) {
                long now = System.nanoTime();
                boolean sending = now < measureEnd;
                if (!sending && (inFlight.open() == 0 || now >= drainEnd)) {
                    break;
                }
                if (sending) {
                    if (nanosPerMessage > 0) {
                        sendDue(start, nanosPerMessage, now);
                    } else {
                        fillWindow();
                    }
                }
                if (receiveAvailable() == 0) {
                    waitForReplies(sending, start, nanosPerMessage);
                }
            }
            double seconds = (measureEnd - measureStart) / 1e9;
            return new RunResult(answeredInWindow / seconds, settings.rate(), latencies.quantile(0.50),
                    latencies.quantile(0.99), latencies.quantile(0.999), seq, inFlight.open() + inFlight.evicted(),
                    inFlight.unexpectedReplies(), badReplies, sendBlocked, sendLag.quantile(0.99));
        }

        private void fillWindow() {
            int burst = 0;
            while (inFlight.open() < settings.window() && burst++ < MAX_BURST) {
                if (!send(System.nanoTime())) {
                    return;
                }
            }
        }

        /** Sends every request whose scheduled time has come, each stamped with that time. */
        private void sendDue(long start, double nanosPerMessage, long now) {
            long due = (long) ((now - start) / nanosPerMessage) + 1;
            int burst = 0;
            while (seq < due && inFlight.open() < settings.hwm() && burst++ < MAX_BURST) {
                long scheduled = start + (long) (seq * nanosPerMessage);
                if (!send(scheduled)) {
                    return;
                }
                if (scheduled >= measureStart && scheduled < measureEnd) {
                    sendLag.add(System.nanoTime() - scheduled);
                }
            }
        }

        private boolean send(long stamp) {
            long next = seq + 1;
            // The first frame without DONTWAIT could block forever at the HWM; refused means retry later.
            if (!socket.send(EchoFrames.seqFrame(next), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                sendBlocked++;
                return false;
            }
            socket.send(EchoFrames.EMPTY, ZMQ.SNDMORE);
            socket.send(EchoFrames.REQUEST_TYPE, ZMQ.SNDMORE);
            socket.send(payload.body(), ZMQ.SNDMORE);
            socket.send(payload.signature(), 0);
            seq = next;
            inFlight.sent(next, stamp);
            return true;
        }

        /** Reads every reply already queued, without blocking. @return how many were read */
        private int receiveAvailable() {
            int n = 0;
            byte[] first;
            while ((first = socket.recv(ZMQ.DONTWAIT)) != null) {
                n++;
                long now = System.nanoTime();
                boolean valid = socket.hasReceiveMore() && socket.recv(0).length == 0 // the delimiter
                        && socket.hasReceiveMore() && Arrays.equals(socket.recv(0), EchoFrames.RESPONSE_TYPE);
                while (socket.hasReceiveMore()) {
                    socket.recv(0); // body, signature, blob: not needed to match the reply
                }
                long s = EchoFrames.seq(first);
                if (!valid || s < 0) {
                    badReplies++;
                    continue;
                }
                long latency = inFlight.replied(s, now);
                if (latency >= 0 && now >= measureStart && now < measureEnd) {
                    answeredInWindow++;
                    latencies.add(latency);
                }
            }
            return n;
        }

        /**
         * Blocks until a reply arrives, or (fixed rate) until the next send is due. Poll timeouts are whole
         * milliseconds, so the last stretch before a send is slept in short slices with a reply check in
         * between: a reply is read at most a slice late, and a send is not delayed by a whole millisecond.
         * Both would otherwise show up in the measured latency.
         */
        private void waitForReplies(boolean sending, long start, double nanosPerMessage) {
            if (!sending || nanosPerMessage == 0) {
                poller.poll(sending ? 100 : 10);
                return;
            }
            long wait = start + (long) (seq * nanosPerMessage) - System.nanoTime();
            if (wait >= TimeUnit.MILLISECONDS.toNanos(2)) {
                poller.poll(TimeUnit.NANOSECONDS.toMillis(wait) - 1); // returns at once when a reply arrives
            } else if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, SLICE_NANOS));
            }
        }
    }

    /** Standalone use against any endpoint: {@code LoadGenerator tcp://host:port [--window N] [--rate R] …}. */
    public static void main(String[] args) {
        Args a = new Args(args);
        LoadSettings s = LoadSettings.defaults(a.positional(0, "endpoint"))
                .withWindow(a.intOption("--window", 1000))
                .withRate(a.doubleOption("--rate", 0))
                .withTimes(a.secondsOption("--warmup", 3), a.secondsOption("--measure", 5), a.secondsOption("--drain", 3))
                .withExpectedReplies(a.intOption("--replies", 1))
                .withBodyBytes(a.intOption("--body-bytes", 300));
        a.requireAllUsed();
        System.out.println(new LoadGenerator(s).run().summary());
    }
}
