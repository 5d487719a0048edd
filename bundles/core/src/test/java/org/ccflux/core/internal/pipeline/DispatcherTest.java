package org.ccflux.core.internal.pipeline;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.handler;
import static org.ccflux.core.internal.CoreTestSupport.message;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.api.CcMessage;
import org.ccflux.core.internal.CoreTestSupport.RecordingHandler;
import org.ccflux.core.internal.CoreTestSupport.RecordingStats;
import org.ccflux.core.internal.config.Role;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.junit.After;
import org.junit.Test;

/** Delivery in CC order and CC's outcome counters (reference §3 and §4.4 steps 3–4). */
public class DispatcherTest {
    private final RecordingStats stats = new RecordingStats();
    private final HandlerRegistry registry = new HandlerRegistry(Role.INSECURE, new Targets(stats)::create);
    private final AtomicInteger level = new AtomicInteger(1);
    private final Dispatcher dispatcher = new Dispatcher(registry, stats, level::get);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @After
    public void close() {
        registry.close();
    }

    private RecordingHandler inline(long id, String name, String routes) {
        return inline(id, name, routes, m -> { });
    }

    private RecordingHandler inline(long id, String name, String routes, RecordingHandler.Action action) {
        RecordingHandler h = new RecordingHandler(m -> {
            calls.add(name);
            action.run(m);
        });
        registry.bind(h, handler(id, routes, "handler.execution", "inline", "handler.name", name));
        return h;
    }

    @Test
    public void deliversToEveryMatchingHandlerInCcOrder() {
        inline(1L, "exact", "pub.infofile");
        inline(2L, "all", "*");
        inline(3L, "pub", "pub");
        inline(4L, "other", "log");

        dispatcher.dispatch(message("pub.infofile.confdb"));

        assertEquals(List.of("all", "pub", "exact"), calls);
    }

    @Test
    public void okOutcomeCountsBytesAndSeconds() {
        RecordingHandler h = inline(1L, "h", "log");
        CcMessage m = message("log.info");

        dispatcher.dispatch(m);
        dispatcher.dispatch(m);

        assertEquals(2, h.received.size());
        assertEquals(2, stats.get("count.ok"));
        assertEquals(2L * m.size(), stats.get("bytes.ok"));
        assertEquals(2L * m.size(), stats.get(StatNames.BYTES));
        assertTrue(stats.get(StatNames.SECONDS) > 0);
        assertEquals(stats.get(StatNames.SECONDS), stats.get("seconds.ok"));
        assertFalse("count is the decoder's, not the dispatcher's", stats.has(StatNames.COUNT));
        assertFalse(stats.has("count.dropped"));
        assertFalse(stats.has("count.crashed"));
    }

    @Test
    public void perDestinationCountersOnlyFromCcStats2() {
        inline(1L, "h", "log");
        CcMessage m = message("log.info");

        dispatcher.dispatch(m);
        assertFalse(stats.has("count.ok.msg.log.info"));

        level.set(2);
        dispatcher.dispatch(m);
        assertEquals(1, stats.get("count.ok.msg.log.info"));
        assertEquals(m.size(), stats.get("bytes.ok.msg.log.info"));
        assertTrue(stats.has("seconds.ok.msg.log.info"));
        assertEquals(2, stats.get("count.ok"));
    }

    @Test
    public void noRouteIsCountedAsDropped() {
        inline(1L, "h", "log");
        level.set(2);
        CcMessage m = message("echo.request");

        dispatcher.dispatch(m);

        assertTrue(calls.isEmpty());
        assertEquals(1, stats.get("count.dropped"));
        assertEquals(m.size(), stats.get("bytes.dropped"));
        assertTrue(stats.has("seconds.dropped"));
        assertEquals(1, stats.get("count.dropped.msg.echo.request"));
        assertEquals(m.size(), stats.get("bytes.dropped.msg.echo.request"));
        assertFalse(stats.has("count.ok"));
    }

    @Test
    public void aCrashingInlineHandlerDoesNotStopDeliveryToLaterHandlers() {
        inline(1L, "first", "log");
        inline(2L, "crasher", "log", m -> {
            throw new IllegalStateException("boom");
        });
        RecordingHandler later = inline(3L, "later", "log.info");
        RecordingHandler runtimeError = inline(4L, "npe", "log.info", m -> {
            throw new NullPointerException();
        });
        level.set(2);
        CcMessage m = message("log.info");

        dispatcher.dispatch(m);

        assertEquals(List.of("first", "crasher", "later", "npe"), calls);
        assertEquals(1, later.received.size());
        assertTrue(runtimeError.received.isEmpty());
        assertEquals("one crashed outcome per message", 1, stats.get("count.crashed"));
        assertEquals(m.size(), stats.get("bytes.crashed"));
        assertEquals(1, stats.get("count.crashed.msg.log.info"));
        assertFalse(stats.has("count.ok"));
    }

    @Test
    public void routesChangeBetweenMessages() {
        RecordingHandler h = inline(1L, "h", "log");
        dispatcher.dispatch(message("log.info"));
        registry.unbind(h, handler(1L, "log"));
        dispatcher.dispatch(message("log.info"));
        assertEquals(1, h.received.size());
        assertEquals(1, stats.get("count.ok"));
        assertEquals(1, stats.get("count.dropped"));
    }

    @Test
    public void aWorkerHandlerCountsAsDeliveredWhenQueued() {
        RecordingHandler worker = new RecordingHandler();
        registry.bind(worker, handler(1L, "log", "handler.name", "w"));
        dispatcher.dispatch(message("log.info"));
        assertEquals(1, stats.get("count.ok"));
        await("worker ran", () -> worker.received.size() == 1);
    }
}
