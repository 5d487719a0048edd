package org.ccflux.core.internal.pipeline;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.frames;
import static org.ccflux.core.internal.CoreTestSupport.handler;
import static org.ccflux.core.internal.CoreTestSupport.received;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.ccflux.api.CcMessage;
import org.ccflux.core.internal.CoreTestSupport.RecordingHandler;
import org.ccflux.core.internal.CoreTestSupport.RecordingStats;
import org.ccflux.core.internal.config.Role;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.junit.After;
import org.junit.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** frames → decode → security stages, counted as CC counts (reference §4.4 steps 1–2). */
public class IngressPipelineTest {
    private static final Duration QUIET = Duration.ofMillis(100);

    private final RecordingStats stats = new RecordingStats();
    private final IngressPipeline pipeline = new IngressPipeline(stats, Function.identity());
    private final HandlerRegistry registry = new HandlerRegistry(Role.INSECURE, new Targets(stats)::create);

    @After
    public void closeRegistry() {
        registry.close();
    }

    private static List<byte[]> invalid() {
        return frames("peer", "log.info", "{}"); // no delimiter
    }

    // ---- normal ----

    @Test
    public void decodesValidFramesAndDropsInvalidOnesCountingBoth() {
        StepVerifier.create(pipeline.decoded(Flux.just(received("a", "log.info"), invalid(), received("b", "echo.request"),
                frames("c", ""), received("d", "pub.infofile"))))
                .assertNext(m -> assertEquals("log.info", m.type()))
                .assertNext(m -> {
                    assertEquals("echo.request", m.type());
                    assertEquals("b", new String(m.route().get(0)));
                })
                .assertNext(m -> assertEquals("pub.infofile", m.type()))
                .verifyComplete();

        assertEquals("count counts every frame list", 5, stats.get(StatNames.COUNT));
        assertEquals(2, stats.get(StatNames.INVALID));
        assertEquals("decode counts nothing else", 2, stats.snapshot().size());
    }

    @Test
    public void securityStagesSeeOnlyDecodedMessages() {
        List<String> seen = new CopyOnWriteArrayList<>();
        IngressPipeline p = new IngressPipeline(stats, f -> f.doOnNext(m -> seen.add(m.type())).filter(m -> !m.type().startsWith("x")));
        StepVerifier.create(p.decoded(Flux.just(received("a", "log.info"), invalid(), received("b", "x.secret"))))
                .assertNext(m -> assertEquals("log.info", m.type()))
                .verifyComplete();
        assertEquals(List.of("log.info", "x.secret"), seen);
        assertEquals(3, stats.get(StatNames.COUNT));
        assertEquals(1, stats.get(StatNames.INVALID));
    }

    // ---- back-pressure ----

    @Test
    public void emitsOnlyWhatIsRequestedAndDecodesOnDemand() {
        TestPublisher<List<byte[]>> source = TestPublisher.create();

        StepVerifier.create(pipeline.decoded(source.flux()), 0)
                .expectSubscription()
                .then(source::assertWasNotRequested)
                .thenRequest(2)
                .then(() -> source.assertMinRequested(2).assertMaxRequested(2))
                .then(() -> source.next(received("a", "t.one"), received("b", "t.two")))
                .assertNext(m -> assertEquals("t.one", m.type()))
                .assertNext(m -> assertEquals("t.two", m.type()))
                .expectNoEvent(QUIET)
                .then(() -> assertEquals(2, stats.get(StatNames.COUNT)))
                .thenRequest(1)
                .then(() -> source.next(received("c", "t.three")))
                .assertNext(m -> assertEquals("t.three", m.type()))
                .then(source::complete)
                .verifyComplete();
    }

    @Test
    public void anInvalidFrameListDoesNotUseUpDownstreamDemand() {
        TestPublisher<List<byte[]>> source = TestPublisher.create();
        StepVerifier.create(pipeline.decoded(source.flux()), 0)
                .thenRequest(1)
                .then(() -> source.next(invalid(), invalid(), received("a", "log.info")))
                .assertNext(m -> assertEquals("log.info", m.type()))
                .then(source::complete)
                .verifyComplete();
        assertEquals(2, stats.get(StatNames.INVALID));
    }

    @Test
    public void upstreamDemandIsExactlyWhatTheNextStageAsksFor() {
        // No queue of its own: a slow stage that asks for a few at a time gets the socket read a few at a time.
        TestPublisher<List<byte[]>> source = TestPublisher.create();
        StepVerifier.create(pipeline.decoded(source.flux()).limitRate(5))
                .expectSubscription()
                .then(() -> source.assertMaxRequested(5))
                .then(() -> {
                    for (int i = 0; i < 20; i++) {
                        source.assertMaxRequested(5);
                        source.next(received("p", "m.n" + i));
                    }
                })
                .expectNextCount(20)
                .then(source::complete)
                .verifyComplete();
        assertEquals(20, stats.get(StatNames.COUNT));
    }

    @Test
    public void anUpstreamErrorTerminatesTheStream() {
        StepVerifier.create(pipeline.decoded(Flux.concat(Flux.just(received("a", "log.info")),
                Flux.error(new IllegalStateException("socket gone")))))
                .expectNextCount(1)
                .expectErrorMessage("socket gone")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    public void aFailingHandlerNeitherTerminatesNorStallsTheStream() {
        RecordingHandler failing = new RecordingHandler(m -> {
            throw new IllegalStateException("boom");
        });
        RecordingHandler good = new RecordingHandler();
        registry.bind(failing, handler(1L, "log", "handler.execution", "inline", "handler.name", "failing"));
        registry.bind(good, handler(2L, "log", "handler.execution", "inline", "handler.name", "good"));
        Dispatcher dispatcher = new Dispatcher(registry, stats, () -> 1);

        StepVerifier.create(pipeline.decoded(Flux.just(received("a", "log.info"), received("b", "log.warning"),
                received("c", "log.error"))).doOnNext(dispatcher::dispatch))
                .expectNextCount(3)
                .verifyComplete();

        assertEquals(List.of("log.info", "log.warning", "log.error"), good.types());
        assertEquals(3, stats.get("count.crashed"));
        assertEquals(0, stats.get("count.ok"));
    }

    @Test
    public void startRunsUntilDisposedAndSurvivesCrashingHandlers() {
        TestPublisher<List<byte[]>> source = TestPublisher.create();
        RecordingHandler good = new RecordingHandler();
        registry.bind(new RecordingHandler(m -> {
            throw new Error("worse than an exception");
        }), handler(1L, "*", "handler.execution", "inline", "handler.name", "failing"));
        registry.bind(good, handler(2L, "echo", "handler.execution", "inline", "handler.name", "good"));

        Disposable running = pipeline.start(source.flux(), new Dispatcher(registry, stats, () -> 1));
        source.next(received("a", "echo.request"), invalid(), received("b", "echo.request"));
        await("both valid messages delivered", () -> good.received.size() == 2);
        assertEquals(3, stats.get(StatNames.COUNT));
        assertEquals(1, stats.get(StatNames.INVALID));
        assertEquals(2, stats.get("count.crashed"));

        running.dispose();
        source.assertCancelled();
    }

    // ---- time ----

    @Test
    public void aDelayingSecurityStageHoldsOnlyValidMessages() {
        // Built inside the supplier, so delayElements picks up the virtual clock.
        StepVerifier.withVirtualTime(() -> new IngressPipeline(stats, f -> f.delayElements(Duration.ofSeconds(1)))
                .decoded(Flux.just(received("a", "one.x"), invalid(), received("b", "two.x"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(m -> assertEquals("one.x", m.type()))
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(m -> assertEquals("two.x", m.type()))
                .verifyComplete();
        assertEquals(3, stats.get(StatNames.COUNT));
        assertEquals(1, stats.get(StatNames.INVALID));
    }
}
