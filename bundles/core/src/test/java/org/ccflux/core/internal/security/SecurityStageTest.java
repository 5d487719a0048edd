package org.ccflux.core.internal.security;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.captureStderr;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.core.internal.CoreTestSupport.RecordingStats;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.StatNames;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;
import org.ccflux.crypto.OpenResult;
import org.ccflux.crypto.Reason;
import org.junit.After;
import org.junit.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * The security stage with real key material (made by openssl) and the real {@link MessageOpener}: what passes,
 * what is refused and how it is counted and logged, order under parallel opening, threads, back-pressure, and
 * live swapping of the opener.
 */
public class SecurityStageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PEER = "peer1"; // hex 7065657231

    private final RecordingStats stats = new RecordingStats();
    private static final int CRYPTO_THREADS = 4;
    private final Scheduler crypto = Schedulers.newParallel("test-crypto", CRYPTO_THREADS, true);
    private final Scheduler socket = Schedulers.newSingle("test-socket", true);

    @After
    public void disposeSchedulers() {
        crypto.dispose();
        socket.dispose();
    }

    // ---- fixtures ----

    private static MessageSealer sealer(String... kv) {
        return MessageSealer.create(TestKeys.crypto(kv));
    }

    private static MessageOpener opener(String... kv) {
        return MessageOpener.create(TestKeys.crypto(kv));
    }

    private SecurityStage stage(MessageOpener opener) {
        return new SecurityStage(SecurityStage.of(opener), stats, crypto, socket, 8);
    }

    private static ObjectNode body(String type, String marker) {
        return CcJson.header(type).put("marker", marker);
    }

    /** @return {@code sent} as the server's ROUTER receives it from {@link #PEER} */
    private static CcMessage received(CcMessage sent) {
        return received(sent.payloadFrames());
    }

    private static CcMessage received(List<byte[]> payload) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(PEER.getBytes(StandardCharsets.US_ASCII));
        frames.addAll(payload);
        try {
            return CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the payload frames of {@code m} with frame {@code index} (0 = delimiter) replaced */
    private static List<byte[]> replace(CcMessage m, int index, byte[] frame) {
        List<byte[]> payload = new ArrayList<>(m.payloadFrames());
        payload.set(index, frame);
        return payload;
    }

    private static byte[] flipLastByte(byte[] frame) {
        byte[] copy = frame.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    private static String marker(CcMessage m) {
        try {
            return m.json().path("marker").asText();
        } catch (InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    // ---- accepted ----

    @Test
    public void anAcceptedMessageCarriesTheVerifiedBodyAndSignerAndContinuesOnTheSocketThread() {
        MessageSealer user1 = sealer("cms-sign", "user1");
        List<String> threads = new CopyOnWriteArrayList<>();
        CcMessage in = received(user1.seal("log.info", body("log.info", "m1"), null));

        StepVerifier.create(stage(opener("cms-verify-ca", "ca")).apply(Flux.just(in)).doOnNext(m -> threads.add(Thread.currentThread().getName())))
                .assertNext(m -> {
                    assertTrue("frames forwarded unchanged", m.sameFrames(in));
                    assertEquals("m1", marker(m));
                    assertTrue(m.signer().orElseThrow(), m.signer().orElseThrow().contains("CN=user1"));
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertEquals(1, threads.size());
        assertTrue(threads.get(0), threads.get(0).startsWith("test-socket"));
        assertEquals("nothing refused", Map.of(), stats.snapshot());
    }

    @Test
    public void anEncryptedMessageIsDecryptedAndItsSignatureVerified() {
        MessageSealer user1ToServer = sealer("cms-sign", "user1", "cms-encrypt", "server");
        CcMessage in = received(user1ToServer.seal("task.run", body("task.run", "secret"), null));
        assertEquals("ENC1", in.bodyText());

        StepVerifier.create(stage(opener("cms-verify-ca", "ca", "cms-decrypt", "server")).apply(Flux.just(in)))
                .assertNext(m -> {
                    assertEquals("ENC1", m.bodyText());
                    assertEquals("secret", marker(m));
                    assertTrue(m.signer().orElseThrow().contains("CN=user1"));
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---- refused ----

    @Test
    public void everyRefusalIsDroppedCountedByReasonAndLoggedWithoutAStackTrace() {
        MessageSealer user1 = sealer("cms-sign", "user1");
        MessageSealer rogue = sealer("cms-sign", "rogue");
        MessageSealer plain = sealer();
        CcMessage valid = user1.seal("echo.request", body("echo.request", "ok1"), null);
        ObjectNode old = body("echo.request", "old");
        old.put("time", CcJson.now().subtract(BigDecimal.valueOf(3600)));
        CcMessage withBlob = user1.seal("pub.infofile", body("pub.infofile", "blob"), new byte[] {1, 2, 3});

        List<CcMessage> in = List.of(
                received(valid),
                received(replace(valid, 2, CcJson.toBytes(body("echo.request", "tampered")))), // body changed
                received(replace(valid, 3, flipLastByte(valid.signature()))),                  // signature changed
                received(plain.seal("echo.request", body("echo.request", "unsigned"), null)),
                received(rogue.seal("echo.request", body("echo.request", "rogue"), null)),     // another CA
                received(replace(valid, 1, "log.info".getBytes(StandardCharsets.US_ASCII))),   // type frame changed
                received(user1.seal("echo.request", old, null)),                               // an hour old
                received(valid),                                                               // the same again
                received(replace(withBlob, 4, new byte[] {1, 2, 4})),                          // blob swapped
                received(replace(valid, 3, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})),        // not CMS
                received(user1.seal("echo.request", body("echo.request", "ok2"), null)));

        List<String> passed = new CopyOnWriteArrayList<>();
        String log = captureStderr(() -> {
            StepVerifier.create(stage(opener("cms-verify-ca", "ca", "cms-time-window", "300")).apply(Flux.fromIterable(in)))
                    .thenConsumeWhile(m -> passed.add(marker(m)))
                    .expectComplete()
                    .verify(TIMEOUT);
            return null;
        });

        assertEquals(List.of("ok1", "ok2"), passed);
        assertEquals(9, stats.get(StatNames.REJECTED_COUNT));
        long bytes = in.subList(1, 10).stream().mapToLong(CcMessage::size).sum();
        assertEquals(bytes, stats.get(StatNames.REJECTED_BYTES));
        assertEquals(2, stats.get("count.rejected.bad-signature"));
        assertEquals(1, stats.get("count.rejected.unsigned"));
        assertEquals(1, stats.get("count.rejected.untrusted-signer"));
        assertEquals(1, stats.get("count.rejected.hijacked"));
        assertEquals(1, stats.get("count.rejected.stale"));
        assertEquals(1, stats.get("count.rejected.replayed"));
        assertEquals(1, stats.get("count.rejected.blob-hash-mismatch"));
        assertEquals(1, stats.get("count.rejected.malformed"));

        for (String reason : List.of("bad-signature", "unsigned", "untrusted-signer", "hijacked", "stale", "replayed",
                "blob-hash-mismatch", "malformed")) {
            assertTrue(reason + " logged:\n" + log, log.contains("rejected: " + reason + " ("));
        }
        assertTrue(log, log.contains("WARN"));
        assertTrue("sender is the peer identity in hex:\n" + log, log.contains("message log.info from peer 7065657231 rejected: hijacked"));
        assertEquals("one line per reason within a second:\n" + log, 1, count(log, "rejected: bad-signature"));
        assertFalse("no stack trace:\n" + log, log.contains("\tat "));
    }

    @Test
    public void aFloodOfOneKindLogsOneLineButCountsEveryMessage() {
        List<CcMessage> unsigned = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            unsigned.add(received(sealer().seal("log.info", body("log.info", "u" + i), null)));
        }
        String log = captureStderr(() -> {
            StepVerifier.create(stage(opener("cms-verify-ca", "ca")).apply(Flux.fromIterable(unsigned)))
                    .expectComplete()
                    .verify(TIMEOUT);
            return null;
        });
        assertEquals(50, stats.get("count.rejected.unsigned"));
        assertEquals(50, stats.get(StatNames.REJECTED_COUNT));
        assertEquals(log, 1, count(log, "rejected: unsigned"));
    }

    @Test
    public void anOpenerThatThrowsRefusesTheMessageAndTheStreamGoesOn() {
        // by content, not by call count: messages are opened in parallel, in any order
        SecurityStage stage = new SecurityStage(m -> {
            if (new String(m.body(), StandardCharsets.UTF_8).contains("\"marker\":\"2\"")) {
                throw new IllegalStateException("bug");
            }
            return new OpenResult.Accepted(CcJson.header(m.type()), m.body(), null);
        }, stats, crypto, socket, 4);
        List<CcMessage> in = List.of(received(sealer().seal("a.b", body("a.b", "1"), null)),
                received(sealer().seal("a.b", body("a.b", "2"), null)), received(sealer().seal("a.b", body("a.b", "3"), null)));

        String log = captureStderr(() -> {
            StepVerifier.create(stage.apply(Flux.fromIterable(in)))
                    .assertNext(m -> assertTrue(m.sameFrames(in.get(0))))
                    .assertNext(m -> assertTrue(m.sameFrames(in.get(2))))
                    .expectComplete()
                    .verify(TIMEOUT);
            return null;
        });
        assertEquals(1, stats.get("count.rejected.malformed"));
        assertTrue(log, log.contains("IllegalStateException: bug"));
        assertFalse(log, log.contains("\tat "));
    }

    // ---- order and threads ----

    @Test
    public void orderIsKeptWhileMessagesAreOpenedInParallel() {
        MessageSealer user1 = sealer("cms-sign", "user1");
        MessageOpener real = opener("cms-verify-ca", "ca");
        int n = 240;
        List<CcMessage> in = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CcMessage m = user1.seal("log.info", body("log.info", "m" + i), null);
            if (i % 7 == 3) {
                in.add(received(replace(m, 3, flipLastByte(m.signature()))));
            } else {
                in.add(received(m));
                expected.add("m" + i);
            }
        }
        Set<String> openedOn = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        SecurityStage stage = new SecurityStage(m -> {
            openedOn.add(Thread.currentThread().getName());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // later messages often finish first
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                return real.open(m);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }, stats, crypto, socket, 8);
        List<String> out = new CopyOnWriteArrayList<>();
        Set<String> dispatchedOn = ConcurrentHashMap.newKeySet();

        StepVerifier.create(stage.apply(Flux.fromIterable(in)))
                .thenConsumeWhile(m -> {
                    dispatchedOn.add(Thread.currentThread().getName());
                    return out.add(marker(m));
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertEquals(expected, out);
        assertEquals(n - expected.size(), stats.get("count.rejected.bad-signature"));
        assertTrue("opened in parallel on the crypto threads: " + openedOn, openedOn.size() > 1
                && openedOn.stream().allMatch(t -> t.startsWith("test-crypto")));
        assertTrue("several at once: " + maxInFlight, maxInFlight.get() > 1);
        assertTrue("at most the concurrency at once: " + maxInFlight, maxInFlight.get() <= 8);
        assertEquals("all dispatched on the one socket thread: " + dispatchedOn, 1, dispatchedOn.size());
        assertTrue(dispatchedOn.toString(), dispatchedOn.iterator().next().startsWith("test-socket"));
    }

    // ---- back-pressure ----

    @Test
    public void whileCryptoIsStuckTheSocketIsNotReadBeyondWhatTheStageAskedFor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger stuck = new AtomicInteger();
        SecurityStage stage = new SecurityStage(m -> {
            stuck.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            opened.incrementAndGet();
            return new OpenResult.Accepted(CcJson.header(m.type()), m.body(), null);
        }, stats, crypto, socket, 8);
        IngressPipeline pipeline = new IngressPipeline(stats, stage);
        // The ROUTER's reader in miniature: it reads only while the sink has demand, as RouterSocket does.
        List<FluxSink<List<byte[]>>> sinks = new CopyOnWriteArrayList<>();
        Flux<List<byte[]>> source = Flux.create(sinks::add, FluxSink.OverflowStrategy.ERROR);
        AtomicInteger dispatched = new AtomicInteger();
        Disposable running = pipeline.decoded(source).subscribe(m -> dispatched.incrementAndGet());
        FluxSink<List<byte[]>> sink = sinks.get(0);
        int total = 100;
        AtomicInteger read = new AtomicInteger();
        Runnable readWhileDemand = () -> {
            while (read.get() < total && sink.requestedFromDownstream() > 0) {
                sink.next(received(sealer().seal("log.info", body("log.info", "r" + read.get()), null)).frames());
                read.incrementAndGet();
            }
        };
        try {
            readWhileDemand.run();
            assertEquals("the socket read exactly what the stage asked for", stage.concurrency(), read.get());
            assertEquals("and then has no demand: reading pauses", 0, sink.requestedFromDownstream());
            // every crypto thread is held (the rest of the stage's concurrency waits for them): nothing can move until
            // release, so what follows sees a settled pipeline
            await("every crypto thread holds a message", () -> stuck.get() == Math.min(CRYPTO_THREADS, stage.concurrency()));
            readWhileDemand.run();
            assertEquals(stage.concurrency(), read.get());
            assertTrue("decoded only as far as the stage asked: " + stats.get(StatNames.COUNT),
                    stats.get(StatNames.COUNT) <= stage.concurrency());
            assertEquals(0, dispatched.get());

            release.countDown();
            await("demand again once crypto moves", () -> {
                readWhileDemand.run();
                return dispatched.get() == total;
            });
            assertEquals(total, read.get());
            assertEquals(total, opened.get());
        } finally {
            release.countDown();
            running.dispose();
        }
    }

    @Test
    public void theStageRequestsNoMoreThanItsConcurrencyFromUpstream() {
        CountDownLatch release = new CountDownLatch(1);
        SecurityStage stage = new SecurityStage(m -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new OpenResult.Accepted(CcJson.header(m.type()), m.body(), null);
        }, stats, crypto, socket, 8);
        TestPublisher<CcMessage> upstream = TestPublisher.create();
        CcMessage m = received(sealer().seal("a.b", body("a.b", "x"), null));

        StepVerifier.create(stage.apply(upstream.flux()))
                .then(() -> upstream.assertMaxRequested(8))
                .then(() -> {
                    for (int i = 0; i < 8; i++) {
                        upstream.next(m);
                    }
                })
                .then(() -> upstream.assertMaxRequested(0))
                .then(release::countDown)
                .expectNextCount(8)
                .then(() -> upstream.assertMinRequested(1))
                .then(upstream::complete)
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---- live changes ----

    @Test
    public void theOpenerIsSwappedLiveForTheNextMessage() {
        MessageSealer rogue = sealer("cms-sign", "rogue");
        SecurityStage stage = stage(opener("cms-verify-ca", "ca"));
        TestPublisher<CcMessage> upstream = TestPublisher.create();

        StepVerifier.create(stage.apply(upstream.flux()))
                .then(() -> upstream.next(received(rogue.seal("log.info", body("log.info", "r1"), null))))
                .then(() -> await("refused under ca", () -> stats.get("count.rejected.untrusted-signer") == 1))
                .then(() -> stage.setOpener(SecurityStage.of(opener("cms-verify-ca", "ca2"))))
                .then(() -> upstream.next(received(rogue.seal("log.info", body("log.info", "r2"), null))))
                .assertNext(m -> {
                    assertEquals("r2", marker(m));
                    assertTrue(m.signer().orElseThrow().contains("CN=rogue"));
                })
                .then(() -> stage.setOpener(null))
                .then(() -> upstream.next(received(sealer().seal("log.info", body("log.info", "plain"), null))))
                .assertNext(m -> {
                    assertEquals("plain", marker(m));
                    assertFalse(m.signer().isPresent());
                })
                .then(upstream::complete)
                .expectComplete()
                .verify(TIMEOUT);
        assertEquals(1, stats.get(StatNames.REJECTED_COUNT));
    }

    @Test
    public void theSenderIsNamedByItsIdentityInHex() {
        CcMessage m = received(sealer().seal("a.b", body("a.b", "x"), null));
        assertEquals("peer 7065657231", SecurityStage.sender(m));
        assertNotNull(SecurityStage.sender(m.withRoute(List.of(new byte[100]))));
        assertTrue(SecurityStage.sender(m.withRoute(List.of(new byte[] {0, 1}, new byte[] {2}))).startsWith("peer 0001 (+1"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
