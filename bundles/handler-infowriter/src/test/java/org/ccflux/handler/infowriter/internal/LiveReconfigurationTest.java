package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.await;
import static org.ccflux.handler.infowriter.internal.Fixture.read;
import static org.ccflux.handler.infowriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Config Admin updates ({@code @Modified}) while messages flow: none lost, order kept, bad ones refused. */
public class LiveReconfigurationTest {
    private static final int FILES = 20;
    private static final String[] OUTCOMES = {"count.written", "count.skipped", "count.overflow", "count.failed", "count.invalid",
        "count.refused", "count.oversized"};

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    @Test
    public void changingDstdirAndWorkerThreadsWhileMessagesFlowLosesNoneAndKeepsPerFileOrder() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        InfoWriterHandler h = fx.start("live", a);
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                for (int r = 1; !stop.get(); r++) {
                    for (int f = 0; f < FILES; f++) {
                        h.handle(Infofile.of("h", "f" + f, Integer.toString(r), "round " + r).message());
                        sent.incrementAndGet();
                    }
                    rounds.set(r);
                    // Flow control instead of a huge queue: at most two rounds in flight.
                    while (sent.get() - processed("live") > 2 * FILES && !stop.get()) {
                        LockSupport.parkNanos(100_000);
                    }
                }
            } catch (Throwable e) {
                senderFailure.set(e);
            }
        }, "test-sender");
        sender.start();

        afterMoreRounds(rounds, 5);
        h.modified(Fixture.props("live", a, "worker-threads", "3"));
        assertEquals(3, h.laneCount());
        afterMoreRounds(rounds, 5);
        h.modified(Fixture.props("live", b, "worker-threads", "3"));
        afterMoreRounds(rounds, 5);
        h.modified(Fixture.props("live", b, "worker-threads", "7", "queue-size", "5000"));
        afterMoreRounds(rounds, 5);
        try {
            h.modified(Fixture.props("live", a, "worker-threads", "0"));
            fail("accepted worker-threads = 0");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("worker-threads must be between 1 and 256"));
        }
        afterMoreRounds(rounds, 5);
        stop.set(true);
        sender.join();
        int last = rounds.get();
        fx.stop(h);

        assertEquals(null, senderFailure.get());
        assertEquals("every message accounted for", sent.get(), processed("live"));
        assertEquals("none lost", sent.get(), fx.get("live", "count.written"));
        assertEquals("order per file kept across lane changes: nothing older arrived after something newer", 0,
                fx.get("live", "count.skipped"));
        assertEquals(7, h.laneCount());
        for (int f = 0; f < FILES; f++) {
            assertEquals("the refused configuration did not move files back to a", "round " + last, read(b.resolve("h--f" + f)));
            assertTrue(Files.exists(a.resolve("h--f" + f)));
        }
    }

    @Test
    public void queuedFilesKeepTheConfigurationTheyArrivedUnder() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        Gate gate = Gate.all();
        InfoWriterHandler h = fx.start("q", gate, Fixture.props("q", a));
        h.handle(Infofile.of("h", "before", "100", "1").message());
        await("held", () -> gate.held.get() == 1);
        h.modified(Fixture.props("q", b, "host-subdirs", "yes"));
        h.handle(Infofile.of("h", "after", "100", "2").message());
        gate.open();
        fx.stop(h);
        assertEquals(List.of("h--before"), tree(a));
        assertEquals(List.of("h/after"), tree(b));
    }

    @Test
    public void newLanesWaitForTheOldOnesSoAFileQueuedBeforeTheChangeIsWrittenFirst() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.first(1);
        InfoWriterHandler h = fx.start("barrier", gate, Fixture.props("barrier", dst, "worker-threads", "2"));
        h.handle(Infofile.of("h", "f", "100", "older").message());
        await("the old lane holds it", () -> gate.held.get() == 1);
        h.modified(Fixture.props("barrier", dst, "worker-threads", "5"));
        h.handle(Infofile.of("h", "f", "200", "newer").message());
        gate.open();
        fx.stop(h);
        assertEquals("newer", read(dst.resolve("h--f")));
        assertEquals(2, fx.get("barrier", "count.written"));
        assertEquals(0, fx.get("barrier", "count.skipped"));
        assertEquals(0, ConcurrencyTest.threads("ccflux-infowriter-barrier-"));
    }

    @Test
    public void anInvalidConfigurationIsRefusedNamingThePropertyAndTheRunningOneStays() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmpResolve("b");
        InfoWriterHandler h = fx.start("keep", a, "host-subdirs", "yes", "bakext", "--prev", "worker-threads", "4");
        List<String> refusals = new ArrayList<>();
        for (Map<String, Object> bad : List.of(
                Fixture.props("keep", b, "write-compressed", "maybe"),
                Fixture.props("keep", b, "write-compressed", "yes", "compression", "bzip2"),
                Fixture.props("keep", b, "dstmask", "%(hostname)s"),
                Fixture.props("keep", b, "bakext", "x/y"),
                Fixture.props("keep", b, "worker-threads", "-3"),
                Map.<String, Object>of("handler.name", "keep", "dstdir", ""))) {
            try {
                h.modified(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage().substring(0, e.getMessage().indexOf(' ')));
            }
        }
        assertEquals(List.of("write-compressed", "compression", "dstmask", "bakext", "worker-threads", "dstdir"), refusals);
        assertEquals(4, h.laneCount());

        h.handle(Infofile.of("h", "f", "100", "v1").message());
        h.handle(Infofile.of("h", "f", "200", "v2").message());
        fx.stop(h);
        assertEquals("the old dstdir, mask and bakext still apply", List.of("h/f", "h/f--prev"), tree(a));
        assertFalse(Files.exists(b));
    }

    @Test
    public void aChangeOfRoutesAloneKeepsTheLanes() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        InfoWriterHandler h = fx.start("routes", a, "worker-threads", "2");
        h.handle(Infofile.of("h", "f", "100", "x").message());
        await("written", () -> fx.get("routes", "count.written") == 1);
        Set<String> before = threadNames("ccflux-infowriter-routes-");
        Map<String, Object> props = Fixture.props("routes", a, "worker-threads", "2");
        props.put("routes", "pub.infofile, pub.other");
        h.modified(props);
        h.handle(Infofile.of("h", "f", "200", "y").message());
        await("written", () -> fx.get("routes", "count.written") == 2);
        assertEquals("the same lane thread wrote it", before, threadNames("ccflux-infowriter-routes-"));
        fx.stop(h);
        assertEquals("y", read(a.resolve("h--f")));
    }

    private static Set<String> threadNames(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    private long processed(String name) {
        long n = 0;
        for (String o : OUTCOMES) {
            n += fx.get(name, o);
        }
        return n;
    }

    private static void afterMoreRounds(AtomicInteger rounds, int more) throws InterruptedException {
        int target = rounds.get() + more;
        await("the sender did " + more + " more rounds", () -> rounds.get() >= target);
    }

    private Path tmpResolve(String name) {
        return tmp.getRoot().toPath().resolve(name);
    }
}
