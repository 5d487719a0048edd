package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.Test;

/**
 * CC's rotated mode (§6.11, logtail §7.5: a fixed {@code logname} that the system rotates away): every source
 * file (inode) gets its own destination, named with the local time it was opened, {@code .%Y-%m-%d_%H-%M-%S}.
 */
public class RotatedModeTest extends TailWriterTest {
    @Test
    public void eachInodeGetsAFileNamedWithTheTimeItWasOpened() throws Exception {
        TailWriterHandler h = fx.start("r", dst, "host-subdirs", "yes");
        h.handle(Logtail.of("db1", "/var/log/postgresql.log", 0, "first inode 1\n").rotated().message());
        fx.clock.advance(Duration.ofSeconds(75));
        h.handle(Logtail.of("db1", "/var/log/postgresql.log", 14, "first inode 2\n").rotated().message());
        Fixture.maintain(h);
        // logrotate moved the file away; logtail now reads the new one under the same name
        h.handle(Logtail.of("db1", "/var/log/postgresql.log", 0, "second inode\n").rotated().ino(424242).message());
        fx.stop(h);
        assertEquals(List.of("db1/postgresql.log.2024-05-06_07-08-09", "db1/postgresql.log.2024-05-06_07-09-24"), tree(dst));
        assertEquals("first inode 1\nfirst inode 2\n", read(dst.resolve("db1/postgresql.log.2024-05-06_07-08-09")));
        assertEquals("second inode\n", read(dst.resolve("db1/postgresql.log.2024-05-06_07-09-24")));
        assertEquals(0, fx.get("r", "count.gap") + fx.get("r", "count.overlap"));
    }

    @Test
    public void theSuffixIsInTheClocksLocalTime() throws Exception {
        TailWriterHandler h = new TailWriterHandler(fx, fx.props("tz", dst), fx.clock.withZone(java.time.ZoneId.of("Europe/Tallinn")),
                LaneWriter.WriteGate.OPEN);
        h.handle(Logtail.of("h", "pg.log", 0, "x").rotated().message());
        h.deactivate();
        assertEquals("07:08:09 UTC is 10:08:09 summer time in Tallinn", List.of("h--pg.log.2024-05-06_10-08-09"), tree(dst));
    }

    @Test
    public void aQuietSourceKeepsItsFileAfterTheIdleClose() throws Exception {
        // CC's worker forgot the file when it closed it after 30 s, so the next chunk of the same inode started a
        // new timestamped file; here the source keeps its destination.
        TailWriterHandler h = fx.start("r", dst);
        h.handle(Logtail.of("h", "pg.log", 0, "before the pause\n").rotated().message());
        fx.clock.advance(Duration.ofMinutes(10));
        Fixture.maintain(h);
        assertEquals(1, fx.get("r", "count.closed"));
        h.handle(Logtail.of("h", "pg.log", 17, "after the pause\n").rotated().message());
        fx.stop(h);
        assertEquals(List.of("h--pg.log.2024-05-06_07-08-09"), tree(dst));
        assertEquals("before the pause\nafter the pause\n", read(dst.resolve("h--pg.log.2024-05-06_07-08-09")));
        assertEquals(2, fx.get("r", "count.opened"));
    }

    @Test
    public void twoSourcesOpenedInTheSameSecondGetTwoFiles() throws Exception {
        TailWriterHandler h = fx.start("r", dst);
        h.handle(Logtail.of("h", "pg.log", 0, "inode A\n").rotated().ino(1).message());
        h.handle(Logtail.of("h", "pg.log", 0, "inode B\n").rotated().ino(2).message());
        h.handle(Logtail.of("h", "pg.log", 8, "inode A again\n").rotated().ino(1).message());
        fx.stop(h);
        assertEquals(List.of("h--pg.log.2024-05-06_07-08-09", "h--pg.log.2024-05-06_07-08-09.1"), tree(dst));
        assertEquals("inode A\ninode A again\n", read(dst.resolve("h--pg.log.2024-05-06_07-08-09")));
        assertEquals("inode B\n", read(dst.resolve("h--pg.log.2024-05-06_07-08-09.1")));
    }

    @Test
    public void theTimeFollowsTheCompressionExtensionAsInCc() throws Exception {
        TailWriterHandler h = fx.start("r", dst, "write-compressed", "keep");
        h.handle(Logtail.of("h", "pg.log", 0, "").rotated().comp("gzip").blob(Logtail.gzip(Logtail.utf8("zipped\n"))).message());
        fx.stop(h);
        assertEquals(List.of("h--pg.log.gz.2024-05-06_07-08-09"), tree(dst));
    }

    @Test
    public void rotatedAndClassicSourcesLiveSideBySide() throws Exception {
        TailWriterHandler h = fx.start("r", dst);
        h.handle(Logtail.of("h", "pg.log", 0, "rotated\n").rotated().ino(1).message());
        h.handle(Logtail.of("h", "pg.log", 0, "classic\n").ino(2).message());
        fx.stop(h);
        assertEquals(List.of("h--pg.log", "h--pg.log.2024-05-06_07-08-09"), tree(dst));
    }
}
