package org.ccflux.handler.files;

import static org.ccflux.handler.files.testing.HandlerFixture.await;
import static org.ccflux.handler.files.testing.HandlerFixture.threadNames;
import static org.ccflux.handler.files.testing.HandlerFixture.threads;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccflux.handler.files.Lanes.Bounds;
import org.ccflux.handler.files.Lanes.Offer;
import org.ccflux.handler.files.testing.Gate;
import org.junit.After;
import org.junit.Test;

/** Per-destination ordered lanes: order, bounds, isolation, maintenance, shutdown, and live replacement. */
public class LanesTest {
    private static final Path A = Paths.get("/d/a");

    /** One job: a value for a destination. */
    private record Job(Path destination, String value) {
    }

    /** Records what its lane ran, in order, per destination; holds jobs at the gate. */
    private final class Recorder implements Lanes.Worker<Job> {
        final List<String> ran = new ArrayList<>(); // confined to the lane's thread
        final Gate gate;
        volatile int previousRan = -1;
        List<Recorder> previous = List.of();

        Recorder(Gate gate) {
            this.gate = gate;
        }

        @Override
        public void start() {
            int n = 0;
            for (Recorder r : previous) {
                n += r.ran.size(); // their threads have ended: visible without a lock
            }
            previousRan = n;
        }

        @Override
        public void process(Job job) throws InterruptedException {
            gate.beforeWrite(job.destination());
            if (job.value().equals("boom")) {
                throw new IllegalStateException("simulated bug");
            }
            ran.add(job.value());
            byDestination.computeIfAbsent(job.destination(), k -> new CopyOnWriteArrayList<>()).add(job.value());
            done.incrementAndGet();
        }

        @Override
        public void maintain() {
            maintained.add(Thread.currentThread().getName() + " after " + ran.size());
        }

        @Override
        public void stop() {
            stopped.incrementAndGet();
        }
    }

    private final Map<Path, List<String>> byDestination = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final List<String> maintained = new CopyOnWriteArrayList<>();
    private final AtomicInteger stopped = new AtomicInteger();
    private final List<Lanes<Job>> created = new ArrayList<>();

    @After
    public void closeAll() throws InterruptedException {
        for (Lanes<Job> l : created) {
            l.close(1000);
        }
    }

    private Lanes<Job> lanes(String owner, Bounds bounds, Gate gate, Lanes<Job> previous, List<Recorder> workers) {
        List<Recorder> before = new ArrayList<>(workers);
        workers.clear();
        Lanes<Job> l = new Lanes<>(owner, bounds, i -> {
            Recorder r = new Recorder(gate);
            r.previous = before;
            workers.add(r);
            return r;
        }, previous);
        created.add(l);
        return l;
    }

    private Lanes<Job> lanes(String owner, Bounds bounds, Gate gate) {
        return lanes(owner, bounds, gate, null, new ArrayList<>());
    }

    private static Offer offer(Lanes<Job> l, Path destination, String value) {
        return l.offer(destination, new Job(destination, value), value.length());
    }

    @Test
    public void jobsForOneDestinationRunInTheOrderOfferedWhateverTheLane() throws Exception {
        Lanes<Job> l = lanes("order", Bounds.of(4, 100_000), Gate.first(0));
        for (int i = 0; i < 200; i++) {
            for (int d = 0; d < 20; d++) {
                assertEquals(Offer.ACCEPTED, offer(l, Paths.get("/d/f" + d), Integer.toString(i)));
            }
        }
        l.close(10_000);
        for (int d = 0; d < 20; d++) {
            List<String> got = byDestination.get(Paths.get("/d/f" + d));
            for (int i = 0; i < 200; i++) {
                assertEquals(Integer.toString(i), got.get(i));
            }
        }
        assertEquals(4000, done.get());
    }

    @Test
    public void aFullLaneAnswersFullWithoutBlockingAndTheAcceptedOnesRunLater() throws Exception {
        Gate gate = Gate.all();
        Lanes<Job> l = lanes("full", Bounds.of(1, 2), gate);
        assertEquals(Offer.ACCEPTED, offer(l, A, "0"));
        await("the lane holds the first job", () -> gate.held.get() == 1);
        assertEquals(Offer.ACCEPTED, offer(l, A, "1"));
        assertEquals(Offer.ACCEPTED, offer(l, A, "2"));
        assertEquals(Offer.FULL, offer(l, A, "3"));
        assertEquals(Offer.FULL, offer(l, Paths.get("/d/other"), "4"));
        gate.open();
        l.close(10_000);
        assertEquals(List.of("0", "1", "2"), byDestination.get(A));
    }

    @Test
    public void theByteBoundLimitsWhatWaitsButAnEmptyLaneTakesAnyOneJob() throws Exception {
        Gate gate = Gate.all();
        Lanes<Job> l = lanes("bytes", new Bounds(1, 100, 10), gate);
        assertEquals(Offer.ACCEPTED, offer(l, A, "running"));
        await("held", () -> gate.held.get() == 1);
        assertEquals("an empty queue takes one job of any size", Offer.ACCEPTED, offer(l, A, "x".repeat(1000)));
        assertEquals(Offer.FULL, offer(l, A, "y"));
        gate.open();
        l.close(10_000);
        assertEquals(2, done.get());
    }

    @Test
    public void theBoundsAreSharedEvenlyBetweenTheLanes() {
        assertEquals(4, Lanes.share(10, 3));
        assertEquals(5, Lanes.share(10, 2));
        assertEquals("at least one each", 1, Lanes.share(1, 4));
        assertEquals("no overflow without a byte bound", Long.MAX_VALUE / 3 + 1, Lanes.share(Long.MAX_VALUE, 3));
        for (int i = 0; i < 100; i++) {
            int index = Lanes.index(Paths.get("/d/f" + i), 7);
            assertTrue(index >= 0 && index < 7);
            assertEquals("stable", index, Lanes.index(Paths.get("/d/f" + i), 7));
        }
        try {
            new Bounds(0, 1, 1);
            fail("accepted no lanes");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("lanes, jobs and bytes must be at least 1"));
        }
    }

    @Test
    public void aStalledDestinationHoldsOnlyItsOwnLane() throws Exception {
        Path slow = Paths.get("/d/slow");
        Path fast = Paths.get("/d/fast");
        for (int i = 0; Lanes.index(fast, 2) == Lanes.index(slow, 2); i++) {
            fast = Paths.get("/d/fast" + i);
        }
        Gate gate = Gate.only(slow::equals);
        Lanes<Job> l = lanes("iso", Bounds.of(2, 100), gate);
        offer(l, slow, "s");
        await("the slow destination is stalled", () -> gate.held.get() == 1);
        for (int i = 0; i < 10; i++) {
            offer(l, fast, Integer.toString(i));
        }
        Path f = fast;
        await("the other lane runs while one is stalled", () -> byDestination.getOrDefault(f, List.of()).size() == 10);
        assertEquals(1, gate.held.get());
        gate.open();
        l.close(10_000);
        assertEquals(List.of("s"), byDestination.get(slow));
    }

    @Test
    public void afterShutdownOffersAreClosedAndWhatWasQueuedStillRunsThenEveryWorkerStops() throws Exception {
        Gate gate = Gate.all();
        Lanes<Job> l = lanes("shut", Bounds.of(3, 100), gate);
        for (int i = 0; i < 30; i++) {
            offer(l, Paths.get("/d/f" + i), "x");
        }
        l.shutdown();
        assertEquals(Offer.CLOSED, offer(l, A, "late"));
        assertTrue(threads("ccflux-shut-") > 0);
        gate.open();
        assertEquals(0, l.close(10_000));
        assertEquals(30, done.get());
        assertEquals(3, stopped.get());
        await("lane threads gone", () -> threads("ccflux-shut-") == 0);
    }

    @Test
    public void closeAbandonsAndCountsWhatAStalledLaneStillHoldsAndStillStopsTheWorker() throws Exception {
        Gate gate = Gate.all(); // never opened
        Lanes<Job> l = lanes("stall", Bounds.of(1, 100), gate);
        offer(l, A, "0");
        await("stalled", () -> gate.held.get() == 1);
        offer(l, A, "1");
        offer(l, A, "2");
        assertEquals("the running job and the two queued", 3, l.close(100));
        assertEquals(1, stopped.get());
        await("no thread left", () -> threads("ccflux-stall-") == 0);
    }

    @Test
    public void aBugInOneJobIsLoggedAndTheLaneCarriesOn() throws Exception {
        Lanes<Job> l = lanes("bug", Bounds.of(1, 100), Gate.first(0));
        offer(l, A, "boom");
        offer(l, A, "fine");
        l.close(10_000);
        assertEquals(List.of("fine"), byDestination.get(A));
    }

    @Test
    public void maintenanceRunsOnEachLaneThreadAfterTheJobsQueuedBeforeItAndOnlyOncePerBatch() throws Exception {
        Gate gate = Gate.all();
        Lanes<Job> l = lanes("maint", Bounds.of(1, 100), gate);
        offer(l, A, "1");
        offer(l, A, "2");
        var first = l.maintain();
        for (int i = 0; i < 5; i++) {
            l.maintain(); // the request already waiting behind these jobs serves them all: still bounded
        }
        gate.open();
        first.get(10, TimeUnit.SECONDS);
        Set<String> names = threadNames("ccflux-maint-");
        assertEquals("one run, on the lane's thread, after both jobs", List.of(names.iterator().next() + " after 2"), maintained);
        offer(l, A, "3");
        l.maintain().get(10, TimeUnit.SECONDS);
        assertEquals(2, maintained.size());
        l.shutdown();
        assertTrue("a stopping lane answers at once", l.maintain().isDone());
    }

    @Test
    public void threadsAreNamedAfterTheOwnerWithAGenerationAndEndOnClose() throws Exception {
        Lanes<Job> l = lanes("names", Bounds.of(2, 10), Gate.first(0));
        assertEquals(2, l.count());
        Set<String> names = threadNames("ccflux-names-");
        assertEquals(2, names.size());
        for (String n : names) {
            assertTrue(n, n.matches("ccflux-names-\\d+\\.[01]"));
        }
        l.close(10_000);
        await("gone", () -> threads("ccflux-names-") == 0);
    }

    @Test
    public void aNewSetRunsOnlyAfterThePreviousSetRanItsQueueAndItsWorkersSeeThePreviousState() throws Exception {
        Gate gate = Gate.only(A::equals);
        List<Recorder> workers = new ArrayList<>();
        Lanes<Job> old = lanes("swap", Bounds.of(2, 100), gate, null, workers);
        for (int i = 0; i < 9; i++) {
            offer(old, Paths.get("/d/f" + i), "x");
        }
        await("the old lanes ran the others", () -> done.get() == 9);
        offer(old, A, "older");
        await("the old lane holds it", () -> gate.held.get() == 1);
        Lanes<Job> next = lanes("swap", Bounds.of(5, 100), gate, old, workers);
        assertEquals(Offer.ACCEPTED, offer(next, A, "newer"));
        assertEquals("the replaced set hands it on", Offer.ACCEPTED, offer(old, A, "through the old reference"));
        gate.open();
        assertEquals(0, next.close(10_000));
        assertEquals(List.of("older", "newer", "through the old reference"), byDestination.get(A));
        assertEquals(5, workers.size());
        for (Recorder r : workers) {
            assertEquals("every new worker saw all the old workers did", 10, r.previousRan);
        }
        assertEquals(2 + 5, stopped.get());
        await("no thread left", () -> threads("ccflux-swap-") == 0);
    }

    @Test
    public void closingTheNewSetClosesThePreviousOneFirst() throws Exception {
        Gate gate = Gate.all(); // never opened
        List<Recorder> workers = new ArrayList<>();
        Lanes<Job> old = lanes("chain", Bounds.of(1, 100), gate, null, workers);
        offer(old, A, "held");
        await("held", () -> gate.held.get() == 1);
        offer(old, A, "queued");
        Lanes<Job> next = lanes("chain", Bounds.of(1, 100), gate, old, workers);
        offer(next, A, "waits for the old set");
        assertEquals("the old set's running and queued jobs, and the new set's", 3, next.close(100));
        await("no thread left", () -> threads("ccflux-chain-") == 0);
        assertEquals(2, stopped.get());
        assertEquals("closed, and no successor to hand it to", Offer.CLOSED, offer(old, A, "late"));
    }
}
