package org.ccflux.handler.proxy.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcStats;
import org.ccflux.api.InvalidMessageException;
import org.junit.Test;

/** The remote's state from pings and pongs, on a hand-driven clock. */
public class RemoteMonitorTest {
    private static final String REMOTE = "tcp://127.0.0.1:10001";
    private static final byte[] SIGNATURE = "sealed".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final CcStats stats = (name, delta) -> counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    private final List<CcMessage> pings = new ArrayList<>();
    private final List<ObjectNode> sealed = new ArrayList<>();
    private long nanos;
    /** Stands in for the server's CcSender.create: marks the signature frame so the tests can see it was used. */
    private final Function<ObjectNode, CcMessage> seal = body -> {
        sealed.add(body);
        return CcMessage.of(List.of(), RemoteMonitor.PING, CcJson.toBytes(body), SIGNATURE, null);
    };
    private final RemoteMonitor monitor = new RemoteMonitor("dc1", REMOTE, new ProxyCounters(stats, "dc1"), seal, frames -> {
        pings.add(decode(frames));
        return true;
    }, () -> nanos);

    @Test
    public void pingsAreBuiltByTheServersSealer() throws Exception {
        monitor.tick();
        assertEquals(1, sealed.size());
        assertEquals(REMOTE, sealed.get(0).get("target").asText());
        assertArrayEquals("the sealed message is what goes out", SIGNATURE, pings.get(0).signature());
        // compareTo, not equals: 1.240 and 1.24 are the same time (a JSON round trip drops trailing zeros)
        assertEquals(0, sealed.get(0).get("time").decimalValue().compareTo(pings.get(0).json().get("time").decimalValue()));
    }

    @Test
    public void aPingThatCannotBeSealedIsSkippedAndTheMonitorGoesOn() {
        RemoteMonitor failing = new RemoteMonitor("dc1", REMOTE, new ProxyCounters(stats, "dc1"), body -> {
            throw new IllegalStateException("no key");
        }, frames -> pings.add(decode(frames)), () -> nanos);
        failing.tick();
        failing.tick();
        assertEquals(0, pings.size());
        assertEquals(0, get("proxy.dc1.ping.sent"));
    }

    @Test
    public void everyTickSendsAnEchoRequestAimedAtTheRemote() throws Exception {
        monitor.tick();
        monitor.tick();
        assertEquals(2, pings.size());
        assertEquals("echo.request", pings.get(0).type());
        assertEquals(0, pings.get(0).route().size());
        assertEquals(REMOTE, pings.get(0).json().get("target").asText());
        assertEquals(2, get("proxy.dc1.ping.sent"));
    }

    @Test
    public void unknownUntilTheFirstPongThenUp() {
        seconds(2);
        assertNull(monitor.state());
        monitor.onOwnMessage(pong(REMOTE));
        assertEquals(RemoteState.UP, monitor.state());
        assertEquals(1, get("proxy.dc1.became.up"));
        monitor.tick();
        assertEquals(1, get("proxy.dc1.seconds.up"));
    }

    @Test
    public void silenceMakesItLateThenDownAndAPongMakesItUpAgain() {
        monitor.onOwnMessage(pong(REMOTE));
        seconds(5);
        assertEquals(RemoteState.LATE, monitor.state());
        seconds(10);
        assertEquals(RemoteState.DOWN, monitor.state());
        assertEquals(1, get("proxy.dc1.became.late"));
        assertEquals(1, get("proxy.dc1.became.down"));
        assertEquals(4, get("proxy.dc1.seconds.up"));
        assertEquals(10, get("proxy.dc1.seconds.late"));
        assertEquals(1, get("proxy.dc1.seconds.down"));

        monitor.onOwnMessage(pong(REMOTE));
        assertEquals(RemoteState.UP, monitor.state());
        assertEquals(2, get("proxy.dc1.became.up"));
    }

    @Test
    public void aRemoteThatNeverAnswersIsLateAfterFiveSeconds() {
        seconds(4);
        assertNull(monitor.state());
        seconds(1);
        assertEquals(RemoteState.LATE, monitor.state());
    }

    @Test
    public void pongsForAnotherTargetAndOtherTypesAreIgnored() {
        monitor.onOwnMessage(pong("tcp://elsewhere:1"));
        monitor.onOwnMessage(CcMessage.of(List.of(), "log.info", CcJson.toBytes(CcJson.header("log.info")), null, null));
        assertNull(monitor.state());
        assertEquals(0, get("proxy.dc1.pong.received"));
    }

    /** Advances the clock one second at a time, ticking after each. */
    private void seconds(int n) {
        for (int i = 0; i < n; i++) {
            nanos += 1_000_000_000L;
            monitor.tick();
        }
    }

    private static CcMessage pong(String target) {
        return CcMessage.of(List.of(), "echo.response", CcJson.toBytes(CcJson.header("echo.response")
                .put("orig_target", target).put("orig_time", CcJson.now())), null, null);
    }

    private static CcMessage decode(List<byte[]> frames) {
        try {
            return CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    private long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }
}
