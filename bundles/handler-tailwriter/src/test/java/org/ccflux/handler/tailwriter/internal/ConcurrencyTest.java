package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.await;
import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.threads;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.ccflux.api.CcMessage;
import org.ccflux.handler.files.Lanes;
import org.ccflux.handler.files.testing.Gate;
import org.junit.Test;

/** Lanes: per-source order under load, bounded queues with counted overflow, isolation of a stalled file, shutdown. */
public class ConcurrencyTest extends TailWriterTest {
    @Test
    public void interleavedSourcesStayInOrderAcrossLanes() throws Exception {
        TailWriterHandler h = fx.start("o", dst, "worker-threads", "4", "queue-size", "100000", "queue-bytes", "1 GB");
        int sources = 40;
        int chunks = 100;
        long[] fpos = new long[sources];
        StringBuilder[] expected = new StringBuilder[sources];
        for (int i = 0; i < chunks; i++) {
            for (int s = 0; s < sources; s++) {
                String line = "source " + s + " chunk " + i + "\n";
                h.handle(Logtail.of("h", "s" + s + ".log", fpos[s], line).message());
                fpos[s] += line.length();
                (expected[s] == null ? expected[s] = new StringBuilder() : expected[s]).append(line);
            }
        }
        fx.stop(h);
        for (int s = 0; s < sources; s++) {
            assertEquals(expected[s].toString(), read(dst.resolve("h--s" + s + ".log")));
        }
        assertEquals(sources * chunks, fx.get("o", "count.appended"));
        assertEquals(0, fx.get("o", "count.gap") + fx.get("o", "count.overlap") + fx.get("o", "count.overflow"));
    }

    @Test
    public void sourcesFedFromManyThreadsStayInOrder() throws Exception {
        TailWriterHandler h = fx.start("m", dst, "worker-threads", "3", "queue-size", "100000", "queue-bytes", "1 GB");
        int producers = 4;
        int sourcesEach = 10;
        int chunks = 150;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    long[] fpos = new long[sourcesEach];
                    for (int i = 0; i < chunks; i++) {
                        for (int s = 0; s < sourcesEach; s++) {
                            String line = i + "\n";
                            h.handle(Logtail.of("host" + producer, "s" + s + ".log", fpos[s], line).message());
                            fpos[s] += line.length();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        fx.stop(h);
        assertEquals(null, failure.get());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            expected.append(i).append('\n');
        }
        for (int p = 0; p < producers; p++) {
            for (int s = 0; s < sourcesEach; s++) {
                assertEquals(expected.toString(), read(dst.resolve("host" + p + "--s" + s + ".log")));
            }
        }
        assertEquals(0, fx.get("m", "count.gap") + fx.get("m", "count.overlap"));
    }

    @Test
    public void aFullLaneDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        Gate gate = Gate.all();
        TailWriterHandler h = fx.start("q", gate, fx.props("q", dst, "worker-threads", "1", "queue-size", "4"));
        h.handle(chunk(0).message());
        await("the disk is stalled", () -> gate.held.get() == 1);
        List<CcMessage> more = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            more.add(chunk(i).message());
            h.handle(more.get(i - 1)); // returns at once: the lane's queue takes 4, the rest is dropped
        }
        assertEquals(5, fx.get("q", "count.overflow"));
        assertEquals(more.subList(4, 9).stream().mapToLong(CcMessage::size).sum(), fx.get("q", "bytes.overflow"));
        gate.open();
        Fixture.maintain(h); // the lane went through its queue
        h.handle(chunk(10).message());
        fx.stop(h);
        assertEquals(6, fx.get("q", "count.appended"));
        assertEquals("0\n1\n2\n3\n4\n10\n", read(dst.resolve("h--f.log")));
        assertEquals("the dropped chunks show as one gap in the source", 1, fx.get("q", "count.gap"));
        assertEquals(10, fx.get("q", "bytes.gap"));
    }

    @Test
    public void queueBytesBoundsWhatWaits() throws Exception {
        Gate gate = Gate.all();
        TailWriterHandler h = fx.start("b", gate, fx.props("b", dst, "worker-threads", "1", "queue-bytes", "1 KB"));
        h.handle(chunk(0).message());
        await("the disk is stalled", () -> gate.held.get() == 1);
        int size = chunk(1).message().size();
        int fits = Math.max(1, 1024 / size);
        for (int i = 1; i <= 10; i++) {
            h.handle(chunk(i).message());
        }
        assertTrue("a chunk is " + size + " bytes", fits < 10);
        assertEquals(10 - fits, fx.get("b", "count.overflow"));
        gate.open();
        fx.stop(h);
        assertEquals(1 + fits, fx.get("b", "count.appended"));
    }

    @Test
    public void aLaneAlwaysTakesOneChunkHoweverLarge() throws Exception {
        TailWriterHandler h = fx.start("big", dst, "worker-threads", "1", "queue-bytes", "1 KB");
        h.handle(Logtail.of("h", "f.log", 0, "z".repeat(100_000)).message());
        fx.stop(h);
        assertEquals(0, fx.get("big", "count.overflow"));
        assertEquals(100_000, fx.get("big", "bytes.appended"));
    }

    @Test
    public void aStalledFileDoesNotHoldBackFilesOnOtherLanes() throws Exception {
        int lanes = 4;
        Path slow = dst.resolve("h--slow.log");
        String fast = otherLane(slow, lanes);
        Gate gate = Gate.only(slow::equals);
        TailWriterHandler h = fx.start("iso", gate, fx.props("iso", dst, "worker-threads", Integer.toString(lanes)));
        h.handle(Logtail.of("h", "slow.log", 0, "stuck\n").message());
        await("the slow file is stalled", () -> gate.held.get() == 1);
        for (int i = 0; i < 20; i++) {
            h.handle(Logtail.of("h", fast, i * 2L, i % 10 + "\n").message());
        }
        await("the other lane appended everything", () -> fx.get("iso", "count.appended") == 20);
        gate.open();
        fx.stop(h);
        assertEquals("stuck\n", read(slow));
        assertEquals(21, fx.get("iso", "count.appended"));
    }

    @Test
    public void stoppingAbandonsAndCountsWhatAStalledDiskStillHolds() throws Exception {
        Gate gate = Gate.all(); // never opened
        TailWriterHandler h = fx.start("stop", gate, fx.props("stop", dst, "worker-threads", "1"));
        h.drainMillis = 100;
        h.handle(chunk(0).message());
        await("stalled", () -> gate.held.get() == 1);
        h.handle(chunk(1).message());
        h.handle(chunk(2).message());
        fx.stop(h);
        assertEquals(3, fx.get("stop", "count.abandoned"));
        await("no thread left", () -> threads("ccflux-tailwriter-stop-") == 0);
        h.handle(chunk(3).message());
        assertEquals("after stop: dropped and counted, never thrown", 1, fx.get("stop", "count.overflow"));
    }

    @Test
    public void aBugWhileAppendingOneChunkIsCountedAndTheLaneCarriesOn() throws Exception {
        LaneWriter.WriteGate buggy = destination -> {
            if (destination.getFileName().toString().equals("h--boom.log")) {
                throw new IllegalStateException("simulated bug");
            }
        };
        TailWriterHandler h = fx.start("bug", buggy, fx.props("bug", dst, "worker-threads", "1"));
        h.handle(Logtail.of("h", "boom.log", 0, "x").message());
        h.handle(Logtail.of("h", "fine.log", 0, "still appended\n").message());
        fx.stop(h);
        assertEquals(1, fx.get("bug", "count.failed"));
        assertEquals("still appended\n", read(dst.resolve("h--fine.log")));
    }

    private static Logtail chunk(int i) {
        return Logtail.of("h", "f.log", i * 2L, i + "\n");
    }

    /** @return a file name whose destination is on another lane than {@code taken} */
    private String otherLane(Path taken, int lanes) {
        for (int i = 0; ; i++) {
            String name = "fast" + i + ".log";
            if (Lanes.index(dst.resolve("h--" + name), lanes) != Lanes.index(taken, lanes)) {
                return name;
            }
        }
    }
}
