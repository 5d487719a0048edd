package org.ccflux.core.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

/** The period counter table: sorted drains that reset, seconds shown from nanoseconds, nothing lost. */
public class CountersTest {

    @Test
    public void drainReturnsSortedSumsAndResets() {
        Counters c = new Counters();
        c.add("count", 1);
        c.add("bytes", 100);
        c.add("count", 2);
        c.increment("count.ok");

        Map<String, Long> first = c.drain();
        assertEquals(List.of("bytes", "count", "count.ok"), new ArrayList<>(first.keySet()));
        assertEquals(Long.valueOf(3), first.get("count"));
        assertEquals(Long.valueOf(100), first.get("bytes"));
        assertEquals(Long.valueOf(1), first.get("count.ok"));

        assertEquals(Map.of(), c.drain());
        c.add("count", 5);
        assertEquals(Map.of("count", 5L), c.drain());
    }

    @Test
    public void aPeriodListsOnlyCountersThatMoved() {
        // An idle period is empty here; StatsReporter adds count itself (StatsReporterTest checks "{count: 0}").
        Counters c = new Counters();
        c.add("x", 3);
        c.add("count", 0);
        assertEquals(Map.of("x", 3L), c.drain());
        assertEquals(Map.of(), c.drain());
        c.add("x", 1);
        assertEquals("a counter comes back after idle periods", Map.of("x", 1L), c.drain());
    }

    @Test
    public void aCounterIdleLongEnoughToBeRetiredStillCountsLaterIncrements() {
        Counters c = new Counters();
        c.add("rare", 1);
        c.drain();
        for (int i = 0; i < 12; i++) {
            assertEquals(Map.of(), c.drain());
        }
        c.add("rare", 2);
        assertEquals(Map.of("rare", 2L), c.drain());
    }

    @Test
    public void negativeDeltasAreSummed() {
        Counters c = new Counters();
        c.add("x", 5);
        c.add("x", -2);
        assertEquals(Map.of("x", 3L), c.drain());
    }

    @Test
    public void secondsCountersAreNanosecondsShownAsSeconds() {
        assertEquals("1.500000", Counters.format("seconds", 1_500_000_000L));
        assertEquals("0.000001", Counters.format("seconds.ok", 1_000L));
        assertEquals("0.000000", Counters.format("seconds.ok.msg.log.info", 0L));
        assertEquals("12.000000", Counters.format("seconds.crashed", 12_000_000_000L));
        assertEquals("1500000000", Counters.format("bytes", 1_500_000_000L));
        assertEquals("7", Counters.format("count.seconds", 7L));
    }

    @Test
    public void bucketsAreASecondIndependentViewOnlyWhenEnabled() {
        Counters c = new Counters();
        c.add("count", 1);
        assertEquals(Map.of(), c.drainBucket());

        c.enableBuckets(true);
        c.add("count", 2);
        assertEquals("the bucket sees only what came after enabling", Map.of("count", 2L), c.drainBucket());
        c.add("count", 4);
        assertEquals(Map.of("count", 4L), c.drainBucket());
        assertEquals("the period view is independent of the buckets", Map.of("count", 7L), c.drain());

        c.enableBuckets(false);
        c.add("count", 8);
        assertEquals(Map.of(), c.drainBucket());
        assertEquals(Map.of("count", 8L), c.drain());
    }

    @Test
    public void aCounterHandleAddsToTheSameCounterAsItsName() {
        Counters c = new Counters();
        Counter count = c.counter("count");
        count.add(2);
        c.add("count", 3);
        assertEquals(Map.of("count", 5L), c.drain());
        assertEquals("drained like any other", Map.of(), c.drain());
    }

    @Test
    public void aCounterHandleIsNeverRetiredAndFollowsTheBucketsOnAndOff() {
        Counters c = new Counters();
        Counter count = c.counter("count");
        for (int i = 0; i < 15; i++) {
            assertEquals(Map.of(), c.drain());
        }
        count.add(1);
        assertEquals("still counted after many idle periods", Map.of("count", 1L), c.drain());

        c.enableBuckets(true);
        count.add(2);
        assertEquals(Map.of("count", 2L), c.drainBucket());
        c.enableBuckets(false);
        count.add(4);
        assertEquals(Map.of(), c.drainBucket());
        c.enableBuckets(true);
        count.add(8);
        assertEquals("a new bucket view gets the handle's increments too", Map.of("count", 8L), c.drainBucket());
        assertEquals(Map.of("count", 14L), c.drain());
    }

    @Test
    public void counterOfOtherStatsCallsThemByName() {
        Map<String, Long> seen = new java.util.HashMap<>();
        Counter.of((name, delta) -> seen.merge(name, delta, Long::sum), "bytes").add(7);
        assertEquals(Map.of("bytes", 7L), seen);
    }

    @Test
    public void concurrentIncrementsAreNeverLostAcrossDrains() throws Exception {
        Counters c = new Counters();
        int threads = 8;
        int perThread = 200_000;
        String[] names = {"count", "bytes", "count.ok", "seconds"};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    c.add(names[(i + offset) % names.length], 1);
                }
                return null;
            }));
        }
        long[] collected = new long[1];
        int[] drains = new int[1];
        Thread drainer = new Thread(() -> {
            while (!done.get()) {
                c.drain().values().forEach(v -> collected[0] += v);
                drains[0]++;
            }
        });
        drainer.start();
        go.countDown();
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        drainer.join(10_000);
        pool.shutdown();
        // Increments that raced with the last drains are collected by the next ones.
        c.drain().values().forEach(v -> collected[0] += v);
        c.drain().values().forEach(v -> collected[0] += v);

        assertTrue("the test should drain many times while adding, drained " + drains[0], drains[0] > 10);
        assertEquals((long) threads * perThread, collected[0]);
    }
}
