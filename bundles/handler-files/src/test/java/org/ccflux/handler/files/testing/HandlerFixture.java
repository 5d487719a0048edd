package org.ccflux.handler.files.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.testing.Await;
import org.junit.rules.ExternalResource;

/**
 * Test rule for a file-writing handler, and how tests drive it: instances on real temporary directories, with a
 * recording {@link CcStats}; every instance started through it is deactivated (its lanes drained and stopped) after
 * the test. A handler's tests subclass it with what is the handler's own: its constructor, its configuration
 * update, and what its messages do to a file ({@link #piece}, {@link #contentAfter}). The contract tests of this
 * package run on that.
 *
 * @param <H> the handler
 */
public abstract class HandlerFixture<H extends MessageHandler> extends ExternalResource implements CcStats {
    /** Every outcome of a message but written: together with the written counter, each message counts once. */
    private static final List<String> OTHER_OUTCOMES = List.of("count.skipped", "count.overflow", "count.failed", "count.invalid",
            "count.refused", "count.oversized");

    private final String kind;
    private final String routes;
    private final String writtenCounter;
    private final List<String> orderCounters;
    private final Consumer<? super H> deactivate;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<H> started = new CopyOnWriteArrayList<>();

    /**
     * @param kind the handler's counter prefix and thread name part ({@code infowriter})
     * @param routes its default route ({@code pub.infofile})
     * @param writtenCounter the counter of messages written ({@code count.written})
     * @param orderCounters the counters of messages that arrived out of order (must stay 0 when order is kept)
     * @param deactivate what {@code @Deactivate} does
     */
    protected HandlerFixture(String kind, String routes, String writtenCounter, List<String> orderCounters, Consumer<? super H> deactivate) {
        this.kind = kind;
        this.routes = routes;
        this.writtenCounter = writtenCounter;
        this.orderCounters = List.copyOf(orderCounters);
        this.deactivate = deactivate;
    }

    /**
     * Starts an instance with {@code props}.
     *
     * @param gate holds its writes (its write-gate seam); null: none
     */
    public abstract H start(String name, Gate gate, Map<String, Object> props);

    /** Applies a configuration update ({@code @Modified}). */
    public abstract void reconfigure(H handler, Map<String, Object> props);

    /** @return the number of lanes {@code handler} writes on */
    public abstract int laneCount(H handler);

    /**
     * @return the next message for file {@code filepath} of {@code hostname} carrying {@code content}, in order after
     *         the ones made before for that file (a newer mtime, the next fpos)
     */
    public abstract CcMessage piece(String hostname, String filepath, String content);

    /** @return what the file holds after {@code pieces} were written in order (the last one, or all of them appended) */
    public abstract String contentAfter(List<String> pieces);

    /** Starts instance {@code name} on {@code dstdir} with {@code options} (pairs of name and value). */
    public final H start(String name, Path dstdir, String... options) {
        return start(name, (Gate) null, props(name, dstdir, options));
    }

    /** Remembers {@code handler} for {@link #after()}; for {@link #start}. */
    protected final H started(H handler) {
        started.add(handler);
        return handler;
    }

    /** @return the counter prefix and thread name part ({@code infowriter}) */
    public final String kind() {
        return kind;
    }

    /** @return the handler's default route */
    public final String routes() {
        return routes;
    }

    /** @return the counter of messages written */
    public final String writtenCounter() {
        return writtenCounter;
    }

    /** @return how many messages of instance {@code name} arrived out of order */
    public final long outOfOrder(String name) {
        return sum(name, orderCounters.toArray(new String[0]));
    }

    /** @return how many messages instance {@code name} is done with, whatever the outcome */
    public final long processed(String name) {
        return get(name, writtenCounter) + sum(name, OTHER_OUTCOMES.toArray(new String[0]));
    }

    /** Deactivates {@code handler} now: everything it accepted has been written (or counted) when this returns. */
    public void stop(H handler) {
        started.remove(handler);
        deactivate.accept(handler);
    }

    @Override
    protected void after() {
        for (H h : started) {
            deactivate.accept(h);
        }
    }

    @Override
    public void add(String name, long delta) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    /** @return the counter's value, 0 if it was never added to */
    public long get(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    /** @return counter {@code <kind>.<name>.<suffix>} */
    public long get(String name, String suffix) {
        return get(kind + "." + name + "." + suffix);
    }

    /** @return the sum of the instance's counters {@code suffixes} */
    public long sum(String name, String... suffixes) {
        long n = 0;
        for (String s : suffixes) {
            n += get(name, s);
        }
        return n;
    }

    /**
     * The service properties of instance {@code name}: {@code handler.name}, {@code routes}, {@code dstdir}, then
     * {@code options} (pairs of name and value). Mutable.
     */
    public Map<String, Object> props(String name, Path dstdir, String... options) {
        Map<String, Object> p = new HashMap<>();
        p.put("handler.name", name);
        p.put("routes", routes);
        p.put("dstdir", dstdir.toString());
        for (int i = 0; i < options.length; i += 2) {
            p.put(options[i], options[i + 1]);
        }
        return p;
    }

    public static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** @return the relative paths of every file and link under {@code dir}, sorted */
    public static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p) || Files.isSymbolicLink(p)).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** @return the number of live threads whose name starts with {@code prefix} */
    public static long threads(String prefix) {
        return threadNames(prefix).size();
    }

    /** @return the names of the live threads that start with {@code prefix} */
    public static Set<String> threadNames(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** Polls with a deadline ({@link Await#until}): a guard against hanging, not a timing assertion. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, condition);
    }
}
