package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.tree;
import static org.ccflux.handler.tailwriter.internal.Logtail.utf8;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.util.List;
import org.junit.Test;

/** CC's classic mode (§6.11, logtail §7.5): each source file's chunks appended, in order, to one file. */
public class ClassicModeTest extends TailWriterTest {
    @Test
    public void chunksAreAppendedInOrderToHostDashDashFile() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("db1", "/var/log/postgresql/postgresql-Mon.log", 0, "LOG:  a\n").message());
        h.handle(Logtail.of("db1", "/var/log/postgresql/postgresql-Mon.log", 8, "LOG:  b\n").message());
        h.handle(Logtail.of("db1", "/var/log/postgresql/postgresql-Mon.log", 16, "LOG:  c\n").message());
        fx.stop(h);
        assertEquals(List.of("db1--postgresql-Mon.log"), tree(dst));
        assertEquals("LOG:  a\nLOG:  b\nLOG:  c\n", read(dst.resolve("db1--postgresql-Mon.log")));
        assertEquals(3, fx.get("t", "count.appended"));
        assertEquals(24, fx.get("t", "bytes.appended"));
        assertEquals("CC's own counter", 24, fx.get("appended_bytes"));
        assertEquals(1, fx.get("t", "count.opened"));
        assertEquals(1, fx.get("t", "count.closed"));
        assertEquals(0, fx.get("t", "count.gap") + fx.get("t", "count.overlap"));
    }

    @Test
    public void hostSubdirsGiveOneDirectoryPerHost() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "host-subdirs", "yes");
        h.handle(Logtail.of("db1", "/var/log/pg.log", 0, "one\n").message());
        h.handle(Logtail.of("db2", "/var/log/pg.log", 0, "two\n").message());
        fx.stop(h);
        assertEquals(List.of("db1/pg.log", "db2/pg.log"), tree(dst));
        assertEquals("one\n", read(dst.resolve("db1/pg.log")));
        assertEquals("two\n", read(dst.resolve("db2/pg.log")));
    }

    @Test
    public void aDstmaskWithTheSentPathBuildsItsDirectories() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "dstmask", "%(hostname)s/%(filepath)s");
        h.handle(Logtail.of("web1", "var/log/nginx/access.log", 0, "GET /\n").message());
        h.handle(Logtail.of("web1", "C:\\logs\\app.log", 0, "win\n").message());
        fx.stop(h);
        assertEquals(List.of("web1/C:/logs/app.log", "web1/var/log/nginx/access.log"), tree(dst));
    }

    @Test
    public void theBlobFrameCarriesTheContentWhenPresentElseData() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "f.log", 0, "").blob(utf8("from blob\n")).message());
        // An empty blob frame is no content: data is used, as CC does.
        h.handle(Logtail.of("h", "f.log", 10, "from data\n").blob(new byte[0]).set("data", java.util.Base64.getEncoder()
                .encodeToString(utf8("from data\n"))).message());
        fx.stop(h);
        assertEquals("from blob\nfrom data\n", read(dst.resolve("h--f.log")));
    }

    @Test
    public void anExistingDestinationIsAppendedToNotReplaced() throws Exception {
        Files.writeString(dst.resolve("h--f.log"), "before restart\n");
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "f.log", 500, "after\n").message());
        fx.stop(h);
        assertEquals("before restart\nafter\n", read(dst.resolve("h--f.log")));
    }

    @Test
    public void aNewInodeUnderTheSameNameContinuesTheSameFileInClassicMode() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "app.log", 0, "old inode\n").message());
        h.handle(Logtail.of("h", "app.log", 0, "new inode\n").ino(999).message());
        fx.stop(h);
        assertEquals("new source: its own fpos, no sync warning", 0, fx.get("t", "count.overlap"));
        assertEquals("old inode\nnew inode\n", read(dst.resolve("h--app.log")));
    }

    @Test
    public void aHostnameWithASlashIsSanitisedOnce() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "host-subdirs", "yes");
        h.handle(Logtail.of("a/b", "f.log", 0, "x\n").message());
        h.handle(Logtail.of("a/b", "f.log", 2, "y\n").message());
        fx.stop(h);
        assertEquals(List.of("a_b/f.log"), tree(dst));
        assertEquals("one source (CC's master and worker keyed it differently, §12.18)", 1, fx.get("t", "count.opened"));
        assertEquals("xy", read(dst.resolve("a_b/f.log")).replace("\n", ""));
    }

    @Test
    public void oddModesAreAcceptedAsCcDid() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "f.log", 0, "text mode\n").set("mode", "t").message());
        h.handle(Logtail.of("h", "f.log", 10, "unknown op\n").set("op_mode", "sideways").message());
        h.handle(Logtail.of("h", "f.log", 21, "no op\n").remove("op_mode").remove("mode").message());
        h.handle(Logtail.of("h", "f.log", 27, "empty op\n").set("op_mode", "").set("mode", "").message());
        fx.stop(h);
        assertEquals("text mode\nunknown op\nno op\nempty op\n", read(dst.resolve("h--f.log")));
        assertEquals(0, fx.get("t", "count.invalid"));
    }

    @Test
    public void switchingOneSourceFromClassicToRotatedIsRefusedAsCcDid() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "f.log", 0, "classic\n").message());
        h.handle(Logtail.of("h", "f.log", 8, "rotated\n").rotated().message());
        h.handle(Logtail.of("h", "f.log", 8, "classic again\n").message());
        fx.stop(h);
        assertEquals(1, fx.get("t", "count.invalid"));
        assertEquals(List.of("h--f.log"), tree(dst));
        assertEquals("classic\nclassic again\n", read(dst.resolve("h--f.log")));
    }

    @Test
    public void missingStDevAndStInoAreAnIdentityToo() throws Exception {
        TailWriterHandler h = fx.start("t", dst);
        h.handle(Logtail.of("h", "f.log", 0, "a").remove("st_dev").remove("st_ino").message());
        h.handle(Logtail.of("h", "f.log", 1, "b").remove("st_dev").remove("st_ino").message());
        h.handle(Logtail.of("h", "f.log", 2, "c").set("st_dev", "2049").set("st_ino", "131077").message());
        fx.stop(h);
        assertEquals("abc", read(dst.resolve("h--f.log")));
        assertEquals(0, fx.get("t", "count.gap") + fx.get("t", "count.overlap") + fx.get("t", "count.invalid"));
    }

    @Test
    public void theChunksOfManyFilesEachLandInTheirOwn() throws Exception {
        TailWriterHandler h = fx.start("t", dst, "worker-threads", "3");
        for (int round = 0; round < 5; round++) {
            for (int f = 0; f < 7; f++) {
                h.handle(Logtail.of("h", "f" + f + ".log", round * 3L, "r" + round + "\n").message());
            }
        }
        fx.stop(h);
        for (int f = 0; f < 7; f++) {
            assertEquals("r0\nr1\nr2\nr3\nr4\n", read(dst.resolve("h--f" + f + ".log")));
        }
        assertEquals(35, fx.get("t", "count.appended"));
    }
}
