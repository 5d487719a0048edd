package org.ccflux.core.internal.pipeline;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.handler;
import static org.ccflux.core.internal.CoreTestSupport.message;
import static org.ccflux.core.internal.CoreTestSupport.threadsNamed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.internal.CoreTestSupport.RecordingHandler;
import org.ccflux.core.internal.CoreTestSupport.RecordingStats;
import org.ccflux.core.internal.config.Role;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.routing.HandlerSpec;
import org.ccflux.core.internal.routing.Target;
import org.junit.After;
import org.junit.Test;

/** A worker handler's lane, created through {@link Targets}: bounded, isolated, counted. */
public class WorkerLaneTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final RecordingStats stats = new RecordingStats();
    private final Targets targets = new Targets(stats);
    private final List<Target> open = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void closeLanes() {
        release.countDown();
        open.forEach(Target::close);
    }

    private Target lane(String name, MessageHandler h, Object... more) {
        List<Object> kv = new ArrayList<>(List.of(more));
        kv.addAll(List.of("handler.name", name));
        Target t = targets.create(new HandlerSpec(handler(1L, "log", kv.toArray())), h);
        open.add(t);
        return t;
    }

    private static String unique(String base) {
        return base + NAMES.incrementAndGet();
    }

    private void blockUntilReleased() throws InterruptedException {
        assertTrue("test released the handler", release.await(30, TimeUnit.SECONDS));
    }

    @Test
    public void targetsCreatesInlineOrWorkerTargetsByExecution() throws Exception {
        RecordingHandler h = new RecordingHandler();
        Target inline = targets.create(new HandlerSpec(handler(1L, "log", "handler.execution", "inline", "handler.name", "i")), h);
        open.add(inline);
        assertTrue(inline instanceof InlineTarget);
        assertEquals("i", inline.name());
        assertTrue(inline.deliver(message("log.info")));
        assertEquals("an inline handler runs on the caller's thread",
                List.of(Thread.currentThread().getName()), h.threads);

        Target worker = lane("w", h);
        assertTrue(worker instanceof WorkerLane);
        assertEquals("w", worker.name());
    }

    @Test
    public void deliversOnTheLanesOwnThreads() throws Exception {
        String name = unique("own");
        RecordingHandler h = new RecordingHandler();
        Target t = lane(name, h);

        assertTrue(t.deliver(message("log.info")));

        await("handled", () -> h.received.size() == 1);
        assertTrue(h.threads.get(0), h.threads.get(0).startsWith("ccflux-h-" + name));
    }

    @Test
    public void concurrencyOneKeepsOrder() throws Exception {
        RecordingHandler h = new RecordingHandler();
        Target t = lane(unique("order"), h);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("log.n" + i);
            assertTrue(t.deliver(message("log.n" + i)));
        }
        await("all handled", () -> h.received.size() == 200);
        assertEquals(sent, h.types());
    }

    @Test
    public void runsUpToConcurrencyCallsAtOnce() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        RecordingHandler h = new RecordingHandler(m -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                blockUntilReleased();
            } finally {
                active.decrementAndGet();
            }
        });
        Target t = lane(unique("conc"), h, "handler.concurrency", 3);
        for (int i = 0; i < 6; i++) {
            assertTrue(t.deliver(message("log.info")));
        }
        // maxActive is updated just after active: wait for both, or a slow third thread reads as not running yet
        await("three calls running", () -> active.get() == 3 && maxActive.get() >= 3);
        assertEquals(3, maxActive.get());

        release.countDown();
        await("all handled", () -> h.received.size() == 6);
        assertEquals(3, maxActive.get());
    }

    @Test
    public void aFullQueueDropsAndCountsTheOverflow() throws Exception {
        String name = unique("full");
        CountDownLatch started = new CountDownLatch(1);
        RecordingHandler h = new RecordingHandler(m -> {
            started.countDown();
            blockUntilReleased();
        });
        int queueSize = 8;
        Target t = lane(name, h, "handler.queue.size", queueSize);
        CcMessage m = message("log.info");

        assertTrue(t.deliver(m));
        assertTrue("the first message reached the handler", started.await(10, TimeUnit.SECONDS));
        int accepted = 1;
        int total = 30;
        for (int i = 1; i < total; i++) {
            if (t.deliver(m)) {
                accepted++;
            }
        }
        int dropped = total - accepted;

        // One message in the handler plus a full queue; everything else is dropped.
        assertEquals(queueSize + 1, accepted);
        assertEquals(dropped, stats.get(StatNames.OVERFLOW_COUNT));
        assertEquals((long) dropped * m.size(), stats.get(StatNames.OVERFLOW_BYTES));
        assertEquals(dropped, stats.get("overflow." + name));

        release.countDown();
        await("every accepted message handled", () -> h.received.size() == queueSize + 1);
        assertTrue("the lane takes messages again", t.deliver(m));
        await("handled after the overflow", () -> h.received.size() == queueSize + 2);
        assertEquals(dropped, stats.get(StatNames.OVERFLOW_COUNT));
    }

    @Test
    public void theQueueHoldsTheConfiguredNumberOfMessages() throws Exception {
        // MessageHandler.QUEUE_SIZE: "the bounded queue in front of a worker handler" of that many messages.
        for (int queueSize : new int[] {3, 100}) {
            CountDownLatch started = new CountDownLatch(1);
            Target t = lane(unique("size"), new RecordingHandler(m -> {
                started.countDown();
                blockUntilReleased();
            }), "handler.queue.size", queueSize);
            assertTrue(t.deliver(message("log.info")));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            int queued = 0;
            while (queued <= 2 * queueSize + 8 && t.deliver(message("log.info"))) {
                queued++;
            }
            assertEquals("messages queued behind a busy handler with handler.queue.size=" + queueSize, queueSize, queued);
        }
    }

    @Test
    public void aCrashingWorkerHandlerIsCountedAndTheLaneGoesOn() throws Exception {
        RecordingHandler h = new RecordingHandler(m -> {
            if (m.type().equals("log.bad")) {
                throw new IllegalStateException("boom");
            }
        });
        Target t = lane(unique("crash"), h);
        CcMessage bad = message("log.bad");

        assertTrue(t.deliver(bad));
        assertTrue(t.deliver(message("log.good")));
        assertTrue(t.deliver(bad));
        assertTrue(t.deliver(message("log.good")));

        await("both good messages handled", () -> h.received.size() == 2);
        await("both crashes counted", () -> stats.get("count.crashed") == 2);
        assertEquals(2L * bad.size(), stats.get("bytes.crashed"));
    }

    @Test
    public void aSlowWorkerHandlerBlocksNeitherTheDispatcherNorOtherHandlers() throws Exception {
        try (HandlerRegistry registry = new HandlerRegistry(Role.INSECURE, targets::create)) {
            RecordingHandler slow = new RecordingHandler(m -> blockUntilReleased());
            RecordingHandler otherWorker = new RecordingHandler();
            RecordingHandler inline = new RecordingHandler();
            registry.bind(slow, handler(1L, "log", "handler.name", unique("slow")));
            registry.bind(otherWorker, handler(2L, "log", "handler.name", unique("other")));
            registry.bind(inline, handler(3L, "log", "handler.name", "inline", "handler.execution", "inline"));
            Dispatcher dispatcher = new Dispatcher(registry, stats, () -> 1);

            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                dispatcher.dispatch(message("log.info"));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue("dispatch took " + millis + " ms while a handler is blocked", millis < 5_000);
            assertEquals(20, inline.received.size());
            await("the other worker got everything", () -> otherWorker.received.size() == 20);
            assertTrue(slow.received.isEmpty());
            assertEquals(20, stats.get("count.ok"));

            release.countDown();
            await("the slow one catches up", () -> slow.received.size() == 20);
        }
    }

    @Test
    public void closeStopsTheLanesThreadsAndRefusesNewMessages() throws Exception {
        String name = unique("closing");
        RecordingHandler h = new RecordingHandler();
        Target t = lane(name, h, "handler.concurrency", 2);
        t.deliver(message("log.info"));
        await("handled", () -> h.received.size() == 1);
        assertFalse(threadsNamed("ccflux-h-" + name).isEmpty());

        t.close();

        await("no ccflux-h-" + name + " thread left", () -> threadsNamed("ccflux-h-" + name).isEmpty());
        assertFalse(t.deliver(message("log.info")));
        assertEquals(1, h.received.size());
    }
}
