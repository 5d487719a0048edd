package org.ccflux.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.internal.routing.Target;
import org.ccflux.core.testing.Await;

/** Shared helpers of the core module's unit tests. */
public final class CoreTestSupport {
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private CoreTestSupport() {
    }

    // ---- property maps ----

    /** @return a mutable map of the given key/value pairs, in order */
    /** Asserts that {@code r} throws an IllegalArgumentException whose message has every one of {@code parts}. */
    public static void assertMessage(Runnable r, String... parts) {
        try {
            r.run();
            org.junit.Assert.fail("expected IllegalArgumentException mentioning " + java.util.List.of(parts));
        } catch (IllegalArgumentException e) {
            for (String part : parts) {
                org.junit.Assert.assertTrue("'" + e.getMessage() + "' lacks '" + part + "'", e.getMessage().contains(part));
            }
        }
    }

    public static Map<String, Object> props(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** @return handler service properties: {@code service.id} (a Long, as the framework sets it), routes, more */
    public static Map<String, Object> handler(long serviceId, String routes, Object... more) {
        Map<String, Object> m = props(more);
        m.put("service.id", serviceId);
        m.put("routes", routes);
        return m;
    }

    // ---- frames and messages ----

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @return a mutable frame list, one frame per string */
    public static List<byte[]> frames(String... parts) {
        List<byte[]> out = new ArrayList<>();
        for (String p : parts) {
            out.add(b(p));
        }
        return out;
    }

    /** @return the frames a ROUTER hands over for a DEALER {@code peer} sending {@code type} */
    public static List<byte[]> received(String peer, String type) {
        return frames(peer, "", type, "{\"req\":\"" + type + "\"}", "");
    }

    /** @return a decoded message from peer {@code id} */
    public static CcMessage message(String type) {
        try {
            return CcMessage.decode(received("id", type));
        } catch (InvalidMessageException e) {
            throw new AssertionError(e.reason());
        }
    }

    public static List<String> text(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add(new String(f, StandardCharsets.UTF_8)));
        return out;
    }

    // ---- waiting ----

    /** Polls {@code condition} until it holds or {@link #DEADLINE} passes. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, DEADLINE, condition);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    /** @return the live threads whose name starts with {@code prefix} */
    public static List<Thread> threadsNamed(String prefix) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return a TCP port on 127.0.0.1 that was free a moment ago */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }

    // ---- fakes ----

    /** A thread-safe {@link CcStats} that only accumulates (never resets), for polling in tests. */
    public static final class RecordingStats implements CcStats {
        private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

        @Override
        public void add(String name, long delta) {
            values.computeIfAbsent(name, k -> new LongAdder()).add(delta);
        }

        public long get(String name) {
            LongAdder a = values.get(name);
            return a == null ? 0 : a.sum();
        }

        public boolean has(String name) {
            return values.containsKey(name);
        }

        public Map<String, Long> snapshot() {
            Map<String, Long> out = new java.util.TreeMap<>();
            values.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    /** A handler that records what it gets, optionally running an action first (block, throw). */
    public static final class RecordingHandler implements MessageHandler {
        public interface Action {
            void run(CcMessage m) throws Exception;
        }

        public final List<CcMessage> received = new CopyOnWriteArrayList<>();
        public final List<String> threads = new CopyOnWriteArrayList<>();
        private final Action action;

        public RecordingHandler() {
            this(m -> { });
        }

        public RecordingHandler(Action action) {
            this.action = action;
        }

        @Override
        public void handle(CcMessage message) throws Exception {
            threads.add(Thread.currentThread().getName());
            action.run(message);
            received.add(message);
        }

        public List<String> types() {
            List<String> out = new ArrayList<>();
            received.forEach(m -> out.add(m.type()));
            return out;
        }
    }

    /** A named target that only records deliveries and whether it was closed. */
    public static final class FakeTarget implements Target {
        private final String name;
        public final List<CcMessage> delivered = new CopyOnWriteArrayList<>();
        public volatile boolean closed;

        public FakeTarget(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean deliver(CcMessage message) {
            delivered.add(message);
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---- log capture ----

    /**
     * Captures what slf4j-simple writes to {@code System.err} (it looks the stream up on every write)
     * while {@code body} runs.
     */
    public static <T> String captureStderr(Supplier<T> body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.get();
        } finally {
            System.setErr(original);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
