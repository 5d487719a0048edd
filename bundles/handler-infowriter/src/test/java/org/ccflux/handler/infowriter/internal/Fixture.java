package org.ccflux.handler.infowriter.internal;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.ccflux.api.CcStats;
import org.junit.rules.ExternalResource;

/**
 * Test rule: infowriter instances on real temp directories, with a recording {@link CcStats}; every handler
 * started here is deactivated (its lanes drained and stopped) after the test.
 */
final class Fixture extends ExternalResource implements CcStats {
    static final long DEADLINE_MS = 10_000;

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<InfoWriterHandler> started = new ArrayList<>();

    @Override
    public void add(String name, long delta) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    long get(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    /** Counter {@code infowriter.<name>.<suffix>}. */
    long get(String name, String suffix) {
        return get("infowriter." + name + "." + suffix);
    }

    InfoWriterHandler start(String name, Path dstdir, String... options) {
        return start(name, InfoWriterHandler.WriteGate.OPEN, props(name, dstdir, options));
    }

    InfoWriterHandler start(String name, InfoWriterHandler.WriteGate gate, Map<String, Object> props) {
        InfoWriterHandler h = new InfoWriterHandler(this, props, gate);
        started.add(h);
        return h;
    }

    static Map<String, Object> props(String name, Path dstdir, String... options) {
        Map<String, Object> p = new HashMap<>();
        p.put("handler.name", name);
        p.put("routes", "pub.infofile");
        p.put("dstdir", dstdir.toString());
        for (int i = 0; i < options.length; i += 2) {
            p.put(options[i], options[i + 1]);
        }
        return p;
    }

    /** Deactivates {@code h} now: everything it accepted has been written (or counted) when this returns. */
    void stop(InfoWriterHandler h) {
        started.remove(h);
        h.deactivate();
    }

    @Override
    protected void after() {
        for (InfoWriterHandler h : started) {
            h.deactivate();
        }
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** @return the relative paths of every file and link under {@code dir}, sorted */
    static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p) || Files.isSymbolicLink(p)).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(java.util.stream.Collectors.toList());
        }
    }

    /** Polls with a deadline: a guard against hanging, not a timing assertion. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("not within " + DEADLINE_MS + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }
}
