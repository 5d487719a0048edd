package org.ccflux.it.dist;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.client.CcClient;
import org.ccflux.client.ClientOptions;
import org.ccflux.client.RequestStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The seed topology "Proxy - Gateway - Bridge" of {@code config/examples/proxy-gateway-bridge}, for real:
 * producers → source proxy → two destination proxies (one per data centre) → six recording sinks, on three
 * distributions started through bin/ccflux with the committed example configurations (ports substituted).
 */
public class ProxyChainIT {
    private static final String TOPOLOGY = "proxy-gateway-bridge";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PER_TYPE = 50;
    private static final AtomicInteger SENTINELS = new AtomicInteger();
    /** Sink ports of the example: log, info, tasks of data centre 1, then of data centre 2. */
    private static final int[][] SINK_PORTS = {{10002, 10003, 10004}, {10012, 10013, 10014}};

    private static final List<AutoCloseable> open = new ArrayList<>();
    private static final List<List<RecordingSink>> sinks = new ArrayList<>(); // [dc][log, info, tasks]
    private static RunningDistribution source;
    private static CcClient producer;

    @BeforeClass
    public static void startChain() throws Exception {
        Map<Integer, Integer> ports = ExampleConfig.newPortMap();
        for (int[] dc : SINK_PORTS) {
            List<RecordingSink> three = new ArrayList<>();
            for (int port : dc) {
                three.add(track(new RecordingSink(ExampleConfig.port(ports, port))));
            }
            sinks.add(three);
        }
        // The destination proxies start side by side, then the source that connects to them.
        CompletableFuture<RunningDistribution> dc1 = CompletableFuture.supplyAsync(() -> start("dest-dc1", ports));
        CompletableFuture<RunningDistribution> dc2 = CompletableFuture.supplyAsync(() -> start("dest-dc2", ports));
        List<RunningDistribution> dests = List.of(track(dc1.get()), track(dc2.get()));
        source = track(start("source", ports));

        for (RunningDistribution dest : dests) {
            for (String proxy : List.of("log", "info", "tasks")) {
                dest.await("proxy " + proxy + " reports its sink up", TIMEOUT, () -> dest.logText() + dest.consoleText(),
                        log -> log.contains("proxy " + proxy + ": remote tcp://127.0.0.1:"));
            }
        }
        for (String dc : List.of("dc1", "dc2")) {
            source.await("proxy " + dc + " reports its destination up", TIMEOUT, () -> source.logText() + source.consoleText(),
                    log -> log.contains("proxy " + dc + ": remote tcp://127.0.0.1:"));
        }
        producer = track(CcClient.connect(source.endpoint(), ClientOptions.defaults().withLingerMillis(0)));
    }

    @AfterClass
    public static void stopChain() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    public void eachTypeReachesExactlyItsSinkInBothDataCentresByteForByte() throws Exception {
        List<CcMessage> sent = new ArrayList<>();
        for (int i = 0; i < PER_TYPE; i++) {
            sent.add(message("log.info", i, null));
            sent.add(message("pub.infofile", i, ("file contents " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (CcMessage m : sent) {
            assertTrue(producer.send(m));
        }

        for (int dc = 0; dc < 2; dc++) {
            RecordingSink log = sinks.get(dc).get(0);
            RecordingSink info = sinks.get(dc).get(1);
            Wait.until("dc" + (dc + 1) + " sinks got " + PER_TYPE + " of each", TIMEOUT,
                    () -> log.payload().size() + "/" + info.payload().size(), n -> n.equals(PER_TYPE + "/" + PER_TYPE),
                    source::diagnostics);
            assertEquals(Collections.nCopies(PER_TYPE, "log.info"), log.types());
            assertEquals(Collections.nCopies(PER_TYPE, "pub.infofile"), info.types());
            assertSameFrames(sent.stream().filter(m -> m.type().equals("log.info")).toList(), log.payload());
            assertSameFrames(sent.stream().filter(m -> m.type().equals("pub.infofile")).toList(), info.payload());
        }
        flushEveryPath(); // anything misrouted travelled ahead of these on the same connections
        for (List<RecordingSink> dc : sinks) {
            assertTrue("the task sink got no log or info: " + dc.get(2).types(),
                    dc.get(2).types().stream().allMatch(t -> t.startsWith("task.")));
        }
    }

    @Test
    public void aTaskReachesBothTaskSinksAndBothRepliesFindTheirWayBackThroughEveryHop() throws Exception {
        List<CcMessage> replies = new CopyOnWriteArrayList<>();
        CcMessage task = message("task.send.chain-it", 0, null);
        try (RequestStream stream = producer.stream(task, TIMEOUT, replies::add)) {
            Wait.until("two task replies", TIMEOUT, replies::size, n -> n == 2, source::diagnostics);
            for (CcMessage reply : replies) {
                assertEquals("task.reply", reply.type());
                assertEquals(List.of(stream.requestId()), List.of(new String(reply.route().get(0), StandardCharsets.US_ASCII)));
            }
            List<String> from = new ArrayList<>();
            for (CcMessage reply : replies) {
                from.add(reply.json().get("sink").asText());
            }
            Collections.sort(from);
            List<String> expected = new ArrayList<>(List.of(sinks.get(0).get(2).endpoint, sinks.get(1).get(2).endpoint));
            Collections.sort(expected);
            assertEquals("one reply from each data centre's task sink", expected, from);
        }
        for (List<RecordingSink> dc : sinks) {
            RecordingSink tasks = dc.get(2);
            CcMessage atSink = tasks.received.stream().filter(m -> m.type().equals("task.send.chain-it")).findFirst().orElseThrow();
            assertEquals("route at the sink: dest proxy, source proxy, producer, request id", 4, atSink.route().size() + 1);
            assertArrayEquals(task.body(), atSink.body());
        }
    }

    @Test
    public void echoIsAnsweredByTheSourceAndGoesNoFurther() throws Exception {
        CcMessage reply = producer.request("echo.request", CcJson.header("echo.request").put("target", "chain-it-local"),
                TIMEOUT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("echo.response", reply.type());
        assertEquals("chain-it-local", reply.json().get("orig_target").asText());
        flushEveryPath();
        for (List<RecordingSink> dc : sinks) {
            for (RecordingSink sink : dc) {
                assertTrue(sink.endpoint + " saw the producer's echo: " + sink.types(),
                        sink.types().stream().noneMatch(t -> t.startsWith("echo")));
            }
        }
    }

    private static CcMessage message(String type, int n, byte[] blob) {
        byte[] body = CcJson.toBytes(CcJson.header(type).put("n", n).put("text", "héllo \u2603"));
        byte[] signature = ("not-verified-signature-" + n).getBytes(StandardCharsets.US_ASCII);
        return CcMessage.of(List.of(), type, body, signature, blob);
    }

    /**
     * Sends a sentinel down each path (log, info, task) and waits until every sink has its own: each connection of the
     * chain keeps order, so whatever the producer sent before, misrouted or not, has arrived by then.
     */
    private static void flushEveryPath() {
        int n = SENTINELS.incrementAndGet();
        List<String> types = List.of("log" + RecordingSink.SENTINEL + n, "pub.infofile" + RecordingSink.SENTINEL + n,
                "task" + RecordingSink.SENTINEL + n);
        types.forEach(t -> assertTrue(producer.send(t, null)));
        for (List<RecordingSink> dc : sinks) {
            for (int i = 0; i < types.size(); i++) {
                RecordingSink sink = dc.get(i);
                String type = types.get(i);
                Wait.until(sink.endpoint + " got " + type, TIMEOUT, () -> sink.received.stream().anyMatch(m -> m.type().equals(type)),
                        arrived -> arrived, source::diagnostics);
            }
        }
    }

    /** Same order, and body, signature and blob byte for byte. */
    private static void assertSameFrames(List<CcMessage> sent, List<CcMessage> received) {
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals("body " + i, sent.get(i).body(), received.get(i).body());
            assertArrayEquals("signature " + i, sent.get(i).signature(), received.get(i).signature());
            assertEquals("blob " + i, sent.get(i).blob().map(String::new), received.get(i).blob().map(String::new));
            assertEquals("route at the sink (after its own ROUTER's frame): dest proxy, source proxy, producer", 2,
                    received.get(i).route().size());
        }
    }

    private static RunningDistribution start(String server, Map<Integer, Integer> ports) {
        ExampleConfig cfg;
        synchronized (ports) {
            cfg = ExampleConfig.load(TOPOLOGY, server, ports);
        }
        return RunningDistribution.start(ProxyChainIT.class.getSimpleName() + "-" + server, cfg.port, cfg.role, cfg.handlerConfigs);
    }

    private static <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }
}
