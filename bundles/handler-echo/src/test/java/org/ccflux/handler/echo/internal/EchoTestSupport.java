package org.ccflux.handler.echo.internal;

import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;

/** Shared helpers of the echo handler's tests. */
final class EchoTestSupport {
    static final long DEADLINE_MS = 10_000;

    private EchoTestSupport() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> text(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add(new String(f, StandardCharsets.UTF_8)));
        return out;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("not within " + DEADLINE_MS + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    /** Accumulating, thread-safe counters. */
    static final class RecordingStats implements CcStats {
        private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

        @Override
        public void add(String name, long delta) {
            values.computeIfAbsent(name, k -> new LongAdder()).add(delta);
        }

        long get(String name) {
            LongAdder a = values.get(name);
            return a == null ? 0 : a.sum();
        }
    }

    /**
     * A sender that builds replies as the core does (request route, type from {@code req}) and hands
     * every message to {@code out}.
     */
    static final class ForwardingSender implements CcSender {
        final List<CcMessage> sent = new CopyOnWriteArrayList<>();
        private final Consumer<CcMessage> out;

        ForwardingSender(Consumer<CcMessage> out) {
            this.out = out;
        }

        @Override
        public boolean send(CcMessage message) {
            sent.add(message);
            out.accept(message);
            return true;
        }

        @Override
        public boolean reply(CcMessage request, ObjectNode body) {
            return send(CcMessage.of(request.route(), body.get("req").asText(), CcJson.toBytes(body), null, null));
        }
    }
}
