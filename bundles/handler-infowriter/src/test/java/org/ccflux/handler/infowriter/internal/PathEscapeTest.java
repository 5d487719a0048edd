package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.read;
import static org.ccflux.handler.infowriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every way out of {@code dstdir} is refused and counted, nothing is created outside, and legitimate paths
 * (including links that stay inside) still work. CC compared string prefixes (§12.5); these compare whole
 * components of normalised absolute paths, and real paths on disk.
 */
public class PathEscapeTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    private Path base;
    private Path dst;
    private Path outside;

    @Before
    public void dirs() throws Exception {
        base = tmp.getRoot().toPath().toRealPath();
        dst = Files.createDirectory(base.resolve("info"));
        outside = Files.createDirectory(base.resolve("outside"));
    }

    @Test
    public void aDotDotHostnameCannotClimbOutOfDstdir() throws Exception {
        InfoWriterHandler h = fx.start("p", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("..", "info.1", "100", "x").message());
        h.handle(Infofile.of(".", "info.2", "100", "stays inside").message());
        fx.stop(h);
        assertEquals(1, fx.get("p", "count.refused"));
        assertFalse(Files.exists(base.resolve("info.1")));
        assertEquals("'.' normalises to dstdir itself, which is inside", List.of("info.2"), tree(dst));
    }

    @Test
    public void dotDotInTheSentPathIsRefusedWhenItLeavesDstdir() throws Exception {
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(filepath)s");
        h.handle(Infofile.of("h", "../outside/escaped", "100", "x").message());
        h.handle(Infofile.of("h", "a/../../outside/escaped2", "100", "x").message());
        h.handle(Infofile.of("h", "a/b/../../../../etc/escaped3", "100", "x").message());
        h.handle(Infofile.of("h", "..\\outside\\escaped4", "100", "x").message());
        fx.stop(h);
        assertEquals(4, fx.get("p", "count.refused"));
        assertEquals(List.of(), tree(outside));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void anAbsoluteNameIsRefused() throws Exception {
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(filepath)s");
        Path target = outside.resolve("absolute");
        h.handle(Infofile.of("h", target.toString(), "100", "x").message());
        h.handle(Infofile.of("h", "//" + target, "100", "x").message());
        fx.stop(h);
        assertEquals(2, fx.get("p", "count.refused"));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void anAbsoluteSentPathIsHarmlessUnderCcsLegacyMasks() throws Exception {
        InfoWriterHandler h = fx.start("p", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("h", outside.resolve("info.1").toString(), "100", "x").message());
        fx.stop(h);
        assertEquals("only the last component is used", List.of("h/info.1"), tree(dst));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void aLookAlikePrefixSiblingIsRefused() throws Exception {
        Path sibling = Files.createDirectory(base.resolve("infoX"));
        Path evil = sibling.resolve("evil");
        assertTrue("CC's string-prefix check would have let this through", evil.toString().startsWith(dst.toString()));
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(filepath)s");
        h.handle(Infofile.of("h", "../infoX/evil", "100", "x").message());
        fx.stop(h);
        assertEquals(1, fx.get("p", "count.refused"));
        assertEquals(List.of(), tree(sibling));
    }

    @Test
    public void theLexicalCheckAloneRefusesEveryEscapeBeforeAnyFileIsTouched() throws Exception {
        InfoWriterConfig config = InfoWriterConfig.parse(Fixture.props("p", dst, "dstmask", "%(hostname)s/%(filepath)s"));
        for (String[] escape : new String[][] {{"..", "x"}, {"h", "../../x"}, {"h", "../../infoX/evil"}, {"..", "infoX/evil"},
                {"h", "a/../../../x"}, {"h\u0000", "x"}}) {
            try {
                FileStore.target(config, InfoFile.of(Infofile.of(escape[0], escape[1], "100", "x").message()));
                fail("accepted hostname " + escape[0] + ", filename " + escape[1]);
            } catch (Rejected r) {
                assertEquals(Rejected.Kind.REFUSED, r.kind);
            }
        }
        assertEquals(dst.resolve("h/a/b"), FileStore.target(config, InfoFile.of(Infofile.of("h", "a/./x/../b", "100", "x").message())));
        assertEquals(List.of(), tree(base.resolve("info")));
    }

    @Test
    public void aSymlinkedHostDirectoryLeadingOutsideIsRefusedAndNothingIsCreatedThere() throws Exception {
        Files.createSymbolicLink(dst.resolve("web1"), outside);
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(hostname)s/%(filepath)s");
        h.handle(Infofile.of("web1", "info.1", "100", "x").message());
        h.handle(Infofile.of("web1", "sub/dir/info.2", "100", "x").message());
        fx.stop(h);
        assertEquals(2, fx.get("p", "count.refused"));
        assertEquals("not even the sub-directories", List.of(), tree(outside));
    }

    @Test
    public void aSymlinkDeeperDownLeadingOutsideIsRefused() throws Exception {
        Files.createDirectories(dst.resolve("web1/logs"));
        Files.createSymbolicLink(dst.resolve("web1/logs/link"), outside);
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(hostname)s/%(filepath)s");
        h.handle(Infofile.of("web1", "logs/link/x/info", "100", "x").message());
        fx.stop(h);
        assertEquals(1, fx.get("p", "count.refused"));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void aSymlinkAsTheDestinationFileIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        Files.createDirectories(dst.resolve("h"));
        Files.createSymbolicLink(dst.resolve("h/info.1"), victim);
        InfoWriterHandler h = fx.start("p", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("h", "info.1", "100", "overwrite").message());
        fx.stop(h);
        assertEquals(1, fx.get("p", "count.refused"));
        assertEquals("precious", read(victim));
        assertTrue(Files.isSymbolicLink(dst.resolve("h/info.1")));
    }

    @Test
    public void aSymlinkAtTheBackupNameIsReplacedNotFollowed() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        InfoWriterHandler first = fx.start("p", dst, "host-subdirs", "yes", "bakext", "--prev");
        first.handle(Infofile.of("h", "info.1", "100", "v1").message());
        fx.stop(first);
        Files.createSymbolicLink(dst.resolve("h/info.1--prev"), victim);
        InfoWriterHandler second = fx.start("p2", dst, "host-subdirs", "yes", "bakext", "--prev");
        second.handle(Infofile.of("h", "info.1", "200", "v2").message());
        fx.stop(second);
        assertEquals("precious", read(victim));
        assertFalse(Files.isSymbolicLink(dst.resolve("h/info.1--prev")));
        assertEquals("v1", read(dst.resolve("h/info.1--prev")));
        assertEquals("v2", read(dst.resolve("h/info.1")));
    }

    @Test
    public void symlinksThatStayInsideDstdirAreFollowed() throws Exception {
        Path real = Files.createDirectory(dst.resolve("real"));
        Files.createSymbolicLink(dst.resolve("alias"), real);
        Files.createSymbolicLink(dst.resolve("relative-alias"), dst.relativize(real));
        InfoWriterHandler h = fx.start("p", dst, "host-subdirs", "yes");
        h.handle(Infofile.of("alias", "info.1", "100", "a").message());
        h.handle(Infofile.of("relative-alias", "info.2", "100", "b").message());
        fx.stop(h);
        assertEquals(0, fx.get("p", "count.refused"));
        assertEquals("a", read(real.resolve("info.1")));
        assertEquals("b", read(real.resolve("info.2")));
    }

    @Test
    public void aDstdirThatIsItselfALinkIsTheOperatorsChoiceAndWorks() throws Exception {
        Path link = Files.createSymbolicLink(base.resolve("info-link"), dst);
        InfoWriterHandler h = fx.start("p", link, "host-subdirs", "yes");
        h.handle(Infofile.of("h", "info.1", "100", "x").message());
        fx.stop(h);
        assertEquals("x", read(dst.resolve("h/info.1")));
    }

    @Test
    public void aNulCharacterIsRefused() throws Exception {
        InfoWriterHandler h = fx.start("p", dst);
        h.handle(Infofile.of("h", "info\u0000.1", "100", "x").message());
        h.handle(Infofile.of("h\u0000x", "info.1", "100", "x").message());
        fx.stop(h);
        assertEquals(2, fx.get("p", "count.refused"));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void refusedAndWrittenMessagesInterleaveWithoutStoppingTheHandler() throws Exception {
        InfoWriterHandler h = fx.start("p", dst, "dstmask", "%(hostname)s/%(filepath)s");
        for (int i = 0; i < 20; i++) {
            h.handle(Infofile.of("h", "../../outside/x" + i, "100", "x").message());
            h.handle(Infofile.of("h", "ok" + i, "100", "fine " + i).message());
        }
        fx.stop(h);
        assertEquals(20, fx.get("p", "count.refused"));
        assertEquals(20, fx.get("p", "count.written"));
        assertEquals("fine 7", new String(Files.readAllBytes(dst.resolve("h/ok7")), StandardCharsets.UTF_8));
        assertEquals(List.of(), tree(outside));
    }
}
