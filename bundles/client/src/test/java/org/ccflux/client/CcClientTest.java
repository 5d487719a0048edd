package org.ccflux.client;

import static org.ccflux.client.ClientTestSupport.await;
import static org.ccflux.client.ClientTestSupport.b;
import static org.ccflux.client.ClientTestSupport.freePort;
import static org.ccflux.client.ClientTestSupport.text;
import static org.ccflux.client.ClientTestSupport.threadsNamed;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.junit.After;
import org.junit.Test;

/** CcClient against {@link TestServer} over loopback TCP. */
public class CcClientTest {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private final String endpoint = "tcp://127.0.0.1:" + freePort();
    private final List<AutoCloseable> open = new ArrayList<>();

    @After
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private TestServer server() {
        return track(new TestServer(endpoint));
    }

    private CcClient client(ClientOptions options) {
        return track(CcClient.connect(endpoint, options));
    }

    private CcClient client() {
        return client(ClientOptions.defaults().withLingerMillis(0));
    }

    /**
     * A client whose connection is up: for tests with sub-second timeouts, which a first connection's
     * handshake (up to ZmqDefaults.HANDSHAKE_IVL_MILLIS when JeroMQ stalls it) could otherwise exceed.
     */
    private CcClient connectedClient() throws Exception {
        CcClient client = client();
        get(client.request(TestServer.READY, null, REPLY_TIMEOUT));
        return client;
    }

    private static ObjectNode echoBody(String target) {
        return CcJson.header("echo.request").put("target", target);
    }

    private static CcMessage get(CompletableFuture<CcMessage> future) throws Exception {
        return future.get(REPLY_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(REPLY_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("completed normally");
    }

    // ---- frames ----

    @Test
    public void sendWritesTheMessageFramesAsTheyAre() {
        TestServer server = server();
        CcClient client = client();
        CcMessage m = CcMessage.of(List.of(b("r1"), b("r2")), "log.info", b("{\"req\":\"log.info\"}"), b("sig"), b("blob"));

        assertTrue(client.send(m));

        assertEquals(List.of("r1", "r2", "", "log.info", "{\"req\":\"log.info\"}", "sig", "blob"), text(server.take()));
        await("sent counted", () -> client.sent() == 1);
    }

    @Test
    public void sendTypeAndBodyBuildsTheFourFramesPlusBlob() throws InvalidMessageException {
        TestServer server = server();
        CcClient client = client();

        assertTrue(client.send("log.info", CcJson.MAPPER.createObjectNode().put("log_msg", "hi")));
        assertTrue(client.send("pub.infofile", null, new byte[] {0, 1, 2}));

        List<byte[]> plain = server.take();
        assertEquals(List.of("", "log.info", "{\"req\":\"log.info\",\"log_msg\":\"hi\"}", ""), text(plain));
        List<byte[]> withBlob = server.take();
        assertEquals(5, withBlob.size());
        assertArrayEquals(new byte[] {0, 1, 2}, withBlob.get(4));
        JsonNode header = CcMessage.decode(withBlob).json();
        assertEquals("pub.infofile", header.get("req").textValue());
        assertTrue(header.get("time").isNumber());
        assertEquals(CcJson.hostname(), header.get("hostname").textValue());
        assertEquals("", header.get("blob_hash").textValue());
    }

    @Test
    public void bodyReqMustMatchTheTypeAndIsAddedToACopyWhenMissing() {
        ObjectNode body = CcJson.MAPPER.createObjectNode().put("x", 1);
        CcMessage m = CcClient.message("echo.request", body, null);
        assertEquals("{\"req\":\"echo.request\",\"x\":1}", m.bodyText());
        assertFalse("the caller's body is not changed", body.has("req"));
        assertTrue(m.route().isEmpty());
        assertEquals(4, m.frames().size());

        ObjectNode hijacked = CcJson.header("log.info");
        try {
            CcClient.message("echo.request", hijacked, null);
            fail("req mismatch accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("req") && e.getMessage().contains("echo.request"));
        }
        try {
            CcClient.message("bad type", null, null);
            fail("invalid type accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bad type"));
        }
    }

    // ---- request / reply ----

    @Test
    public void requestPutsARequestIdInFrontAndCompletesWithTheReply() throws Exception {
        TestServer server = server();
        CcClient client = client();

        CcMessage reply = get(client.request("echo.request", echoBody("me"), REPLY_TIMEOUT));

        List<String> sent = text(server.take());
        assertEquals(List.of("Q000001", "", "echo.request"), sent.subList(0, 3));
        assertEquals("echo.response", reply.type());
        assertEquals(List.of("Q000001"), text(reply.route()));
        assertEquals("me", reply.json().get("orig_target").textValue());
        assertEquals(1, client.received());
        assertEquals(0, client.unmatched());
        await("request forgotten", () -> client.pending() == 0);
    }

    @Test
    public void nullBodyGetsTheStandardHeader() throws Exception {
        TestServer server = server();
        CcClient client = client();

        CcMessage reply = get(client.request("echo.request", null, REPLY_TIMEOUT));

        JsonNode sent = CcMessage.decode(server.take()).json();
        assertEquals("echo.request", sent.get("req").textValue());
        assertEquals(CcJson.hostname(), sent.get("hostname").textValue());
        assertEquals(0, sent.get("time").decimalValue().compareTo(reply.json().get("orig_time").decimalValue()));
    }

    @Test
    public void twoHundredConcurrentRequestsFromSeveralThreadsEachGetTheirOwnReply() throws Exception {
        server();
        CcClient client = client();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<CompletableFuture<CcMessage>> futures = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        futures.add(client.request("echo.request", echoBody(thread + "-" + i), REPLY_TIMEOUT));
                    }
                    List<String> targets = new ArrayList<>();
                    for (CompletableFuture<CcMessage> f : futures) {
                        targets.add(get(f).json().get("orig_target").textValue());
                    }
                    return targets;
                }));
            }
            for (int t = 0; t < 4; t++) {
                List<String> targets = results.get(t).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < 50; i++) {
                    assertEquals(t + "-" + i, targets.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(200, client.sent());
        assertEquals(200, client.received());
        assertEquals(0, client.unmatched());
        assertEquals(0, client.dropped());
    }

    @Test
    public void timeoutCompletesExceptionallyAndTheLateReplyIsCountedUnmatched() throws Exception {
        TestServer server = server().mode(TestServer.Mode.HOLD);
        CcClient client = connectedClient();

        Throwable e = failure(client.request("echo.request", echoBody("x"), Duration.ofMillis(100)));

        assertSame(TimeoutException.class, e.getClass());
        assertTrue(e.getMessage(), e.getMessage().contains("echo.request") && e.getMessage().contains("100 ms"));
        await("request forgotten", () -> client.pending() == 0);
        server.take(); // the request may reach the server after its timeout: release it only once it is held
        server.releaseHeld();
        await("late reply counted", () -> client.unmatched() == 1);
        assertEquals(2, client.received()); // the readiness reply and the late one
    }

    @Test
    public void replyWithAnUnknownIdIsCountedUnmatchedAndTheRequestTimesOut() throws Exception {
        server().mode(TestServer.Mode.UNKNOWN_ID);
        CcClient client = connectedClient();

        Throwable e = failure(client.request("echo.request", echoBody("x"), Duration.ofMillis(300)));

        assertSame(TimeoutException.class, e.getClass());
        assertEquals(1, client.unmatched());
    }

    @Test
    public void cancellingARequestForgetsIt() throws Exception {
        TestServer server = server().mode(TestServer.Mode.HOLD);
        CcClient client = client();

        CompletableFuture<CcMessage> f = client.request("echo.request", echoBody("x"), REPLY_TIMEOUT);
        server.take();
        assertTrue(f.cancel(false));

        assertEquals(0, client.pending());
        server.releaseHeld();
        await("reply to the cancelled request counted", () -> client.unmatched() == 1);
    }

    // ---- streams ----

    @Test
    public void streamGetsEveryReplyThenTimesOutWhenIdle() throws Exception {
        server().repliesPerRequest(3);
        CcClient client = connectedClient();
        List<CcMessage> replies = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();

        RequestStream stream = client.stream("echo.request", echoBody("s"), Duration.ofMillis(500), m -> {
            onLoop.add(Thread.currentThread().getName().equals("ccflux-client"));
            replies.add(m);
        });

        Throwable e = failure(stream.done());
        assertSame(TimeoutException.class, e.getClass());
        assertEquals(3, replies.size());
        assertEquals(List.of(true, true, true), onLoop);
        for (CcMessage m : replies) {
            assertEquals(List.of(stream.requestId()), text(m.route()));
        }
        await("stream forgotten", () -> client.pending() == 0);
    }

    @Test
    public void closedStreamCompletesNormallyAndLaterRepliesAreUnmatched() throws Exception {
        TestServer server = server().mode(TestServer.Mode.HOLD);
        CcClient client = client();
        List<CcMessage> replies = new CopyOnWriteArrayList<>();

        RequestStream stream = client.stream("echo.request", echoBody("s"), REPLY_TIMEOUT, replies::add);
        server.take();
        stream.close();

        assertTrue(stream.done().isDone() && !stream.done().isCompletedExceptionally());
        server.releaseHeld();
        await("reply after close counted", () -> client.unmatched() == 1);
        assertTrue(replies.isEmpty());
    }

    @Test
    public void throwingConsumerEndsTheStreamWithItsException() throws Exception {
        server().repliesPerRequest(2);
        CcClient client = client();
        IllegalStateException boom = new IllegalStateException("boom");

        RequestStream stream = client.stream("echo.request", echoBody("s"), REPLY_TIMEOUT, m -> {
            throw boom;
        });

        assertSame(boom, failure(stream.done()));
        await("second reply unmatched", () -> client.unmatched() == 1);
    }

    // ---- bounds and drops ----

    @Test
    public void withNobodyListeningMessagesWaitUpToHwmPlusQueueThenDropAndTheRestArriveLater() throws Exception {
        // Nobody listens: the DEALER's pipe takes hwm messages, the send queue 10 more, the rest are dropped.
        CcClient client = client(ClientOptions.defaults().withLingerMillis(0).withHwm(5).withSendQueue(10));
        int accepted = 0;
        for (int i = 0; i < 40; i++) {
            if (client.send("log.info", null)) {
                accepted++;
            }
            if (i < 5) { // the pipe takes the first five as the loop writes them; after that the queue fills
                int written = i + 1;
                await("message " + written + " in the pipe", () -> client.sent() == written);
            }
        }
        await("pipe and queue full", () -> client.sent() == 5 && client.dropped() == 40 - 15);
        assertEquals(15, accepted);

        Throwable e = failure(client.request("echo.request", null, REPLY_TIMEOUT));
        assertSame(IllegalStateException.class, e.getClass());
        assertTrue(e.getMessage(), e.getMessage().contains("send queue full"));

        TestServer late = server();
        for (int i = 0; i < 15; i++) {
            assertEquals("log.info", new String(late.take().get(1), java.nio.charset.StandardCharsets.UTF_8));
        }
        await("the queued ten written once the server took the first five", () -> client.sent() == 15);
    }

    @Test
    public void sendQueueIsBoundedWhileTheLoopIsBusy() throws Exception {
        SocketLoopFixture fixture = track(new SocketLoopFixture());
        CcClient client = track(CcClient.connect(fixture.loop, endpoint,
                ClientOptions.defaults().withLingerMillis(0).withSendQueue(10).withHwm(1000)));
        fixture.block();

        int accepted = 0;
        for (int i = 0; i < 25; i++) {
            if (client.send("log.info", null)) {
                accepted++;
            }
        }
        CompletableFuture<CcMessage> rejected = client.request("echo.request", null, REPLY_TIMEOUT);

        assertEquals(10, accepted);
        assertEquals(16, client.dropped());
        assertTrue(failure(rejected).getMessage().contains("send queue full"));
        fixture.unblock();
        await("queued messages written", () -> client.sent() == 10);
    }

    // ---- reconnect and close ----

    @Test
    public void requestsSucceedAgainAfterTheServerRestartsOnTheSamePort() throws Exception {
        TestServer first = new TestServer(endpoint);
        CcClient client = client();
        try {
            assertEquals("echo.response", get(client.request("echo.request", echoBody("1"), REPLY_TIMEOUT)).type());
        } finally {
            first.close();
        }
        server();
        // A request written into the dying connection is lost with it; the next ones go through.
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertEquals("echo.response", get(client.request("echo.request", echoBody("2"), Duration.ofSeconds(1))).type());
                break;
            } catch (ExecutionException e) {
                if (System.nanoTime() - end > 0) {
                    throw e;
                }
            }
        }
    }

    @Test
    public void closeFailsWhatIsPendingAndStopsItsOwnLoop() throws Exception {
        server().mode(TestServer.Mode.SILENT);
        long before = threadsNamed("ccflux-client");
        CcClient client = CcClient.connect(endpoint, ClientOptions.defaults().withLingerMillis(0));
        assertEquals(before + 1, threadsNamed("ccflux-client"));
        CompletableFuture<CcMessage> f = client.request("echo.request", null, REPLY_TIMEOUT);

        client.close();
        client.close();

        Throwable e = failure(f);
        assertSame(IllegalStateException.class, e.getClass());
        assertTrue(e.getMessage(), e.getMessage().contains("closed"));
        await("loop thread gone", () -> threadsNamed("ccflux-client") == before);
        assertFalse(client.send("log.info", null));
        assertTrue(failure(client.request("echo.request", null, REPLY_TIMEOUT)) instanceof IllegalStateException);
    }

    @Test
    public void closeOnASharedLoopLeavesTheLoopRunningAndHonoursTheLinger() throws Exception {
        SocketLoopFixture fixture = track(new SocketLoopFixture());
        CcClient client = CcClient.connect(fixture.loop, endpoint, ClientOptions.defaults().withLingerMillis(5_000));

        assertTrue(client.send("log.info", null)); // nobody listens yet: it waits in the pipe
        client.close();
        TestServer server = server(); // the closed socket keeps reconnecting for the linger

        assertEquals("log.info", text(server.take()).get(1));
        assertEquals("loop still answers", "yes", fixture.loop.call(ctx -> "yes", 5_000));
    }

    @Test
    public void optionsAreValidatedWithTheirNames() {
        assertInvalid("hwm", () -> ClientOptions.defaults().withHwm(-1));
        assertInvalid("lingerMillis", () -> ClientOptions.defaults().withLingerMillis(-2));
        assertInvalid("reconnectIvlMillis", () -> ClientOptions.defaults().withReconnectIvlMillis(0));
        assertInvalid("reconnectIvlMaxMillis", () -> ClientOptions.defaults().withReconnectIvlMaxMillis(50));
        assertInvalid("sendQueue", () -> ClientOptions.defaults().withSendQueue(0));
        assertInvalid("ioThreads", () -> ClientOptions.defaults().withIoThreads(0));
        ClientOptions o = ClientOptions.defaults();
        assertEquals(List.of(100, 500, 100, 5000, 10_000, 1), List.of(o.hwm(), o.lingerMillis(),
                o.reconnectIvlMillis(), o.reconnectIvlMaxMillis(), o.sendQueue(), o.ioThreads()));
    }

    @Test
    public void badEndpointIsRefusedAndLeavesNoThread() {
        long before = threadsNamed("ccflux-client");
        try {
            CcClient.connect("nonsense://x");
            fail("connected to nonsense");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nonsense://x"));
        }
        await("loop thread gone", () -> threadsNamed("ccflux-client") == before);
    }

    private static void assertInvalid(String option, Runnable r) {
        try {
            r.run();
            fail(option + " accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(option + " "));
        }
    }
}
