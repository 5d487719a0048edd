package org.ccflux.handler.delay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcForwarder;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.Test;

/**
 * The delay on a hand-driven clock (holding, order, bound, live change, refusals, shutdown) and, with its own timer,
 * in a real server passing to a handler that has no routes.
 */
public class DelayHandlerTest {
    private static final long SECOND = 1_000_000_000L;

    private final Map<String, Long> counters = new HashMap<>();
    private final CcStats stats = (name, delta) -> counters.merge(name, delta, Long::sum);
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    /** A unit test's edge: answers like the server's forwarder; "gone" has no handler, "broken" throws. */
    private final CcForwarder forwarder = (name, m) -> switch (name) {
        case "gone" -> CompletableFuture.completedFuture(false);
        case "broken" -> CompletableFuture.failedFuture(new IllegalStateException("bug"));
        default -> {
            forwarded.add(name + ":" + n(m));
            yield CompletableFuture.completedFuture(true);
        }
    };
    private long nanos;

    private static Map<String, Object> config(String... kv) {
        Map<String, Object> props = new HashMap<>(Map.of("handler.name", "d", "routes", "log"));
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return props;
    }

    private DelayHandler delay(String... kv) {
        return new DelayHandler(forwarder, stats, config(kv), () -> nanos, false);
    }

    private static CcMessage msg(int n) {
        return CcMessage.of(List.of(), "log.info", ("{\"req\": \"log.info\", \"n\": " + n + "}").getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** @return the message's number, {@code n} in its body */
    private static String n(CcMessage m) {
        String body = new String(m.body(), StandardCharsets.UTF_8);
        return body.substring(body.indexOf("\"n\": ") + 5, body.lastIndexOf('}'));
    }

    private long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    @Test
    public void messagesAreHeldForTheDelayThenPassedInOrder() {
        DelayHandler d = delay("forward-to", "archive", "delay", "2");
        d.handle(msg(1));
        nanos += SECOND;
        d.handle(msg(2));
        d.releaseDue();
        assertEquals("nothing due after one second", List.of(), forwarded);

        nanos += SECOND;
        d.releaseDue();
        assertEquals(List.of("archive:1"), forwarded);
        nanos += SECOND;
        d.releaseDue();
        assertEquals(List.of("archive:1", "archive:2"), forwarded);
        assertEquals(2, count("delay.count"));
        assertEquals(2, count("delay.count.ok"));
        assertEquals(0, d.held());
    }

    @Test
    public void theQueueIsBoundedAndOverflowCounted() {
        DelayHandler d = delay("forward-to", "archive", "delay", "10", "queue-size", "3");
        for (int i = 1; i <= 5; i++) {
            d.handle(msg(i));
        }
        assertEquals(3, d.held());
        assertEquals(2, count("delay.count.overflow"));
        nanos += 10 * SECOND;
        d.releaseDue();
        assertEquals(List.of("archive:1", "archive:2", "archive:3"), forwarded);
    }

    @Test
    public void aMissingOrFailingTargetIsCountedAndTheRestGoOn() {
        DelayHandler d = delay("forward-to", "gone");
        d.handle(msg(1));
        d.releaseDue();
        assertEquals(1, count("delay.count.unrouted"));

        d.modified(config("forward-to", "broken"));
        d.handle(msg(2));
        d.releaseDue();
        assertEquals(1, count("delay.count.crashed"));

        d.modified(config("forward-to", "archive"));
        d.handle(msg(3));
        d.releaseDue();
        assertEquals(List.of("archive:3"), forwarded);
    }

    @Test
    public void aLiveChangeAppliesToNewMessagesAndAnInvalidOneKeepsTheOld() {
        DelayHandler d = delay("forward-to", "archive", "delay", "5");
        d.handle(msg(1));
        d.modified(config("forward-to", "archive", "delay", "0"));
        d.handle(msg(2));
        d.releaseDue();
        assertEquals("FIFO: the new message waits behind the held one", List.of(), forwarded);

        for (Map<String, Object> bad : List.of(config("forward-to", "archive", "delay", "-1"), config("delay", "1"),
                config("forward-to", "archive", "queue-size", "0"))) {
            try {
                d.modified(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("delay") || e.getMessage().startsWith("forward-to")
                        || e.getMessage().startsWith("queue-size"));
            }
        }
        nanos += 5 * SECOND;
        d.releaseDue();
        assertEquals(List.of("archive:1", "archive:2"), forwarded);
    }

    @Test
    public void stoppingCountsWhatWasStillHeld() {
        DelayHandler d = delay("forward-to", "archive", "delay", "60");
        d.handle(msg(1));
        d.handle(msg(2));
        d.deactivate();
        assertEquals(2, count("delay.count.discarded"));
        assertEquals(0, d.held());
    }

    @Test
    public void inARealServerItsTimerPassesMessagesToAHandlerWithoutRoutes() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            List<String> got = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            server.bind("archive", "", (MessageHandler) m -> {
                got.add(n(m));
                threads.add(Thread.currentThread().getName());
            });
            DelayHandler d = server.bind("d", "log", new DelayHandler(server, server, config("forward-to", "archive")));
            try {
                for (int i = 1; i <= 20; i++) {
                    d.handle(msg(i));
                }
                Await.until("all passed on", () -> got.size() == 20);
                assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
                        "18", "19", "20"), got);
                assertTrue("inline target called on the socket thread, not the timer: " + threads,
                        threads.stream().allMatch("ccflux-socket"::equals));
                Await.until("counted", () -> server.get("delay.count.ok") == 20);
            } finally {
                d.deactivate();
            }
        }
    }
}
