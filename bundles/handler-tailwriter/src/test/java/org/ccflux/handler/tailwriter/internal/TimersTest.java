package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.await;
import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.threads;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Before;
import org.junit.Test;

/**
 * CC's worker timers (§6.11): a file is flushed 3 s after its last write and closed 30 s after it. Time is the
 * fixture's manual clock; {@link Fixture#maintain} runs what the {@code maint-period} timer runs, so nothing here
 * depends on how fast the machine is. The timer itself runs on the instance's own scheduler thread.
 */
public class TimersTest extends TailWriterTest {
    private Path file;

    @Before
    public void destination() {
        file = dst.resolve("h--f.log"); // after the base class's @Before: dst is set
    }

    @Test
    public void aSmallChunkReachesTheFileThreeSecondsAfterTheLastWrite() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "maint-period", "3600");
        h.handle(Logtail.of("h", "f.log", 0, "short line\n").message());
        Fixture.maintain(h);
        assertEquals("buffered, as CC's file object buffered it", 0, Files.size(file));
        fx.clock.advance(Duration.ofMillis(2999));
        Fixture.maintain(h);
        assertEquals(0, Files.size(file));
        fx.clock.advance(Duration.ofMillis(1));
        Fixture.maintain(h);
        assertEquals("short line\n", read(file));
        assertEquals("flushed, not closed", 0, fx.get("t", "count.closed"));
    }

    @Test
    public void eachWriteRestartsTheFlushDelay() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "maint-period", "3600");
        h.handle(Logtail.of("h", "f.log", 0, "a").message());
        fx.clock.advance(Duration.ofSeconds(2));
        h.handle(Logtail.of("h", "f.log", 1, "b").message());
        fx.clock.advance(Duration.ofSeconds(2));
        Fixture.maintain(h);
        assertEquals("2 s after the last write", 0, Files.size(file));
        fx.clock.advance(Duration.ofSeconds(1));
        Fixture.maintain(h);
        assertEquals("ab", read(file));
    }

    @Test
    public void aLargeChunkGoesStraightToTheFile() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "maint-period", "3600");
        String big = "y".repeat(AppendFile.WRITE_BUFFER);
        h.handle(Logtail.of("h", "f.log", 0, big).message());
        Fixture.maintain(h);
        assertEquals(big.length(), Files.size(file));
    }

    @Test
    public void aFileIsClosedThirtySecondsAfterItsLastWriteAndReopenedByTheNextChunk() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "maint-period", "3600");
        h.handle(Logtail.of("h", "f.log", 0, "one\n").message());
        fx.clock.advance(Duration.ofSeconds(20));
        h.handle(Logtail.of("h", "f.log", 4, "two\n").message());
        fx.clock.advance(Duration.ofSeconds(29));
        Fixture.maintain(h);
        assertEquals("29 s after the last write: flushed, open", 0, fx.get("t", "count.closed"));
        assertEquals("one\ntwo\n", read(file));
        fx.clock.advance(Duration.ofSeconds(1));
        Fixture.maintain(h);
        assertEquals(1, fx.get("t", "count.closed"));
        h.handle(Logtail.of("h", "f.log", 8, "three\n").message());
        fx.stop(h);
        assertEquals(2, fx.get("t", "count.opened"));
        assertEquals(2, fx.get("t", "count.closed"));
        assertEquals("one\ntwo\nthree\n", read(file));
    }

    @Test
    public void maxOpenFilesClosesTheLeastRecentlyWritten() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "worker-threads", "1", "max-open-files", "2", "maint-period", "3600");
        h.handle(Logtail.of("h", "a.log", 0, "a1").message());
        h.handle(Logtail.of("h", "b.log", 0, "b1").message());
        h.handle(Logtail.of("h", "a.log", 2, "a2").message());
        h.handle(Logtail.of("h", "c.log", 0, "c1").message()); // b is the least recently written
        Fixture.maintain(h);
        assertEquals(1, fx.get("t", "count.closed"));
        assertEquals("b1", read(dst.resolve("h--b.log")));
        assertEquals("a and c are still buffered", 0, Files.size(dst.resolve("h--a.log")));
        h.handle(Logtail.of("h", "b.log", 2, "b2").message());
        fx.stop(h);
        assertEquals("a1a2", read(dst.resolve("h--a.log")));
        assertEquals("b1b2", read(dst.resolve("h--b.log")));
        assertEquals("c1", read(dst.resolve("h--c.log")));
        assertEquals(0, fx.get("t", "count.gap") + fx.get("t", "count.overlap"));
    }

    @Test
    public void theTimerRunsOnTheInstancesOwnSchedulerWhichStopsWithIt() throws Exception {
        TailWriterHandler h = fx.start("own", dst, "maint-period", "1");
        assertEquals(1, threads("ccflux-tailwriter-own-maint"));
        h.handle(Logtail.of("h", "f.log", 0, "by the timer\n").message());
        fx.clock.advance(Duration.ofSeconds(30));
        // nobody calls maintain here: the scheduler's next tick closes the file
        await("the timer closed the idle file", () -> fx.get("own", "count.closed") == 1);
        assertEquals("by the timer\n", read(file));
        fx.stop(h);
        await("the scheduler and the lanes stopped with the instance", () -> threads("ccflux-tailwriter-own-") == 0);
    }

    @Test
    public void aNewMaintPeriodReschedulesTheTimer() throws Exception {
        TailWriterHandler h = fx.start("re", dst, "maint-period", "3600");
        h.handle(Logtail.of("h", "f.log", 0, "x\n").message());
        fx.clock.advance(Duration.ofSeconds(31));
        Fixture.maintain(h); // an explicit run, then only the timer
        assertEquals(1, fx.get("re", "count.closed"));
        h.handle(Logtail.of("h", "f.log", 2, "y\n").message());
        fx.clock.advance(Duration.ofSeconds(31));
        h.modified(fx.props("re", dst, "maint-period", "1"));
        await("the rescheduled timer closed it", () -> fx.get("re", "count.closed") == 2);
        assertEquals(1, threads("ccflux-tailwriter-re-maint"));
        assertEquals("x\ny\n", read(file));
    }

    @Test
    public void stoppingClosesEveryFileAndWritesWhatIsHeld() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "write-compressed", "yes", "compression", "gzip", "maint-period", "3600");
        h.handle(Logtail.of("h", "a.log", 0, "held a\n").message());
        h.handle(Logtail.of("h", "b.log", 0, "held b\n").message());
        Fixture.maintain(h);
        assertEquals(0, Files.size(dst.resolve("h--a.log.gz")));
        fx.stop(h);
        assertEquals(2, fx.get("t", "count.closed"));
        assertEquals("held a\n", Logtail.gunzip(Files.readAllBytes(dst.resolve("h--a.log.gz"))));
        assertEquals("held b\n", Logtail.gunzip(Files.readAllBytes(dst.resolve("h--b.log.gz"))));
        await("no thread left", () -> threads("ccflux-tailwriter-t-") == 0);
    }
}
