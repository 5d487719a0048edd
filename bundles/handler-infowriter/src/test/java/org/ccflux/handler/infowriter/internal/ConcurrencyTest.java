package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.await;
import static org.ccflux.handler.infowriter.internal.Fixture.read;
import static org.ccflux.handler.infowriter.internal.Fixture.threads;
import static org.ccflux.handler.infowriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.ccflux.api.CcMessage;
import org.ccflux.handler.files.Lanes;
import org.ccflux.handler.files.testing.Gate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Lanes: per-file order, atomic replacement under concurrent readers, bounded queues, isolation, shutdown. */
public class ConcurrencyTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    @Test
    public void manyMessagesForOneFileFromManyThreadsEndWithTheNewestAndReadersNeverSeeAPartialFile() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        // Every message goes to the one lane of this file, which holds queue-size / worker-threads of them.
        InfoWriterHandler h = fx.start("same", dst, "queue-size", "100000");
        int senders = 4;
        int perSender = 300;
        List<Integer> mtimes = new ArrayList<>();
        for (int i = 1; i <= senders * perSender; i++) {
            mtimes.add(i);
        }
        Collections.shuffle(mtimes, new java.util.Random(42));
        Path file = dst.resolve("h--f");
        Pattern complete = Pattern.compile("v\\d+\\.{4000,}");
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<String> torn = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                    reads.incrementAndGet();
                    if (s.length() != 4096 || !complete.matcher(s).matches()) {
                        torn.add(s.length() + " bytes: " + s.substring(0, Math.min(20, s.length())));
                    }
                } catch (NoSuchFileException e) {
                    Thread.onSpinWait(); // not written yet
                } catch (IOException e) {
                    torn.add(e.toString());
                }
            }
        });
        reader.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            List<Integer> mine = mtimes.subList(t * perSender, (t + 1) * perSender);
            Thread s = new Thread(() -> {
                for (int m : mine) {
                    h.handle(Infofile.of("h", "f", Integer.toString(m), version(m)).message());
                }
            });
            threads.add(s);
            s.start();
        }
        for (Thread s : threads) {
            s.join();
        }
        fx.stop(h);
        done.set(true);
        reader.join();

        assertEquals(version(senders * perSender), read(file));
        assertEquals(senders * perSender, fx.get("same", "count.written") + fx.get("same", "count.skipped"));
        assertEquals(0, fx.get("same", "count.overflow") + fx.get("same", "count.failed"));
        assertEquals("readers saw only whole versions", List.of(), torn);
        assertEquals("no temporary file is left", List.of("h--f"), tree(dst));
    }

    @Test
    public void messagesForOneFileAreWrittenInArrivalOrderSoNoneIsSkipped() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        InfoWriterHandler h = fx.start("order", dst, "worker-threads", "4", "queue-size", "100000");
        int files = 30;
        int rounds = 50;
        for (int r = 1; r <= rounds; r++) {
            for (int f = 0; f < files; f++) {
                h.handle(Infofile.of("h", "f" + f, Integer.toString(r), "round " + r).message());
            }
        }
        fx.stop(h);
        assertEquals("each message newer than the one before it for the same file", 0, fx.get("order", "count.skipped"));
        assertEquals(files * rounds, fx.get("order", "count.written"));
        for (int f = 0; f < files; f++) {
            assertEquals("round " + rounds, read(dst.resolve("h--f" + f)));
        }
    }

    @Test
    public void aFullQueueDropsAndCountsWhileTheDiskIsStalledAndTheAcceptedOnesAreWrittenLater() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.all();
        InfoWriterHandler h = fx.start("full", gate, fx.props("full", dst, "worker-threads", "1", "queue-size", "2"));
        h.handle(Infofile.of("h", "f0", "100", "0").message());
        await("the lane holds the first write", () -> gate.held.get() == 1);
        long dropped = 0;
        for (int i = 1; i <= 5; i++) {
            CcMessage m = Infofile.of("h", "f" + i, "100", Integer.toString(i)).message();
            h.handle(m); // never blocks, even with the disk stalled
            if (i > 2) {
                dropped += m.size();
            }
        }
        assertEquals(3, fx.get("full", "count.overflow"));
        assertEquals(dropped, fx.get("full", "bytes.overflow"));
        gate.open();
        fx.stop(h);
        assertEquals(3, fx.get("full", "count.written"));
        assertEquals(List.of("h--f0", "h--f1", "h--f2"), tree(dst));
    }

    @Test
    public void aStalledFileHoldsOnlyItsOwnLane() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Path slow = dst.resolve("h--slow");
        String fastName = "fast";
        for (int i = 0; Lanes.index(dst.resolve("h--" + fastName), 2) == Lanes.index(slow, 2); i++) {
            fastName = "fast" + i;
        }
        Path fast = dst.resolve("h--" + fastName);
        Gate gate = Gate.only(slow::equals);
        InfoWriterHandler h = fx.start("iso", gate, fx.props("iso", dst, "worker-threads", "2"));

        h.handle(Infofile.of("h", "slow", "100", "s").message());
        await("the slow file is stalled", () -> gate.held.get() == 1); // else the fast lane may finish before it got there
        h.handle(Infofile.of("h", fastName, "100", "f").message());

        await("the other lane writes while one is stalled", () -> Files.exists(fast));
        assertEquals(1, gate.held.get());
        assertFalse(Files.exists(slow));
        gate.open();
        fx.stop(h);
        assertEquals("s", read(slow));
    }

    @Test
    public void deactivationWritesWhatWasQueuedAndStopsEveryThread() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.all();
        InfoWriterHandler h = fx.start("stopme", gate, fx.props("stopme", dst, "worker-threads", "3"));
        for (int i = 0; i < 30; i++) {
            h.handle(Infofile.of("h", "f" + i, "100", "x").message());
        }
        assertTrue(threads("ccflux-infowriter-stopme-") > 0);
        gate.open();
        fx.stop(h);
        assertEquals(30, fx.get("stopme", "count.written"));
        await("lane threads gone", () -> threads("ccflux-infowriter-stopme-") == 0);

        h.handle(Infofile.of("h", "late", "100", "x").message());
        assertEquals("after deactivation a message is counted, not written", 1, fx.get("stopme", "count.overflow"));
        assertFalse(Files.exists(dst.resolve("h--late")));
    }

    private static String version(int mtime) {
        String head = "v" + mtime;
        return head + ".".repeat(4096 - head.length());
    }
}
