package org.ccflux.handler.files.testing;

import static org.ccflux.handler.files.testing.HandlerFixture.read;
import static org.ccflux.handler.files.testing.HandlerFixture.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ccflux.api.MessageHandler;
import org.junit.Before;
import org.junit.Test;

/**
 * What every file-writing handler guarantees about {@code dstdir} (reference §6.10, §6.11; CC's §12.5 fixed), run
 * against a real instance on real directories: every way out is refused and counted ({@code count.refused}),
 * nothing is created outside, and legitimate paths, links that stay inside included, still work. A handler's
 * {@code PathEscapeTest} extends this with its fixture, and adds what is its own.
 *
 * @param <H> the handler
 */
public abstract class ContainmentContract<H extends MessageHandler> extends HandlerContract<H> {
    protected Path base;
    protected Path dst;
    protected Path outside;

    protected ContainmentContract(HandlerFixture<H> fixture) {
        super(fixture);
    }

    @Before
    public void dirs() throws Exception {
        base = tmp.getRoot().toPath().toRealPath();
        dst = Files.createDirectory(base.resolve("dst"));
        outside = Files.createDirectory(base.resolve("outside"));
    }

    /** Starts instance {@code p} on {@code dstdir}, sends {@code messages} (hostname, filepath, content each), stops it. */
    protected final void write(Path dstdir, String[] options, String[]... messages) throws Exception {
        H h = fx.start("p", dstdir, options);
        for (String[] m : messages) {
            h.handle(fx.piece(m[0], m[1], m[2]));
        }
        fx.stop(h);
    }

    protected final long count(String suffix) {
        return fx.get("p", suffix);
    }

    private static String[] options(String... o) {
        return o;
    }

    private static String[] m(String hostname, String filepath, String content) {
        return new String[] {hostname, filepath, content};
    }

    @Test
    public void aDotDotHostnameCannotClimbOut() throws Exception {
        write(dst, options("host-subdirs", "yes"), m("..", "f1", "x"), m(".", "f2", "stays inside"), m("../outside", "f3", "slash becomes _"));
        assertEquals(1, count("count.refused"));
        assertFalse(Files.exists(base.resolve("f1")));
        assertEquals("'.' normalises to dstdir itself, which is inside", List.of(".._outside/f3", "f2"), tree(dst));
    }

    @Test
    public void dotDotInTheSentPathIsRefusedWhenItLeaves() throws Exception {
        write(dst, options("dstmask", "%(filepath)s"), m("h", "../outside/escaped", "x"), m("h", "a/../../outside/escaped2", "x"),
                m("h", "a/b/../../../../etc/escaped3", "x"), m("h", "..\\outside\\escaped4", "x"), m("h", "a/../stays", "inside"));
        assertEquals(4, count("count.refused"));
        assertEquals(List.of(), tree(outside));
        assertEquals(List.of("stays"), tree(dst));
    }

    @Test
    public void anAbsoluteNameIsRefused() throws Exception {
        Path target = outside.resolve("absolute");
        write(dst, options("dstmask", "%(filepath)s"), m("h", target.toString(), "x"), m("h", "//" + target, "x"));
        assertEquals(2, count("count.refused"));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void anAbsoluteSentPathIsHarmlessUnderCcsLegacyMasks() throws Exception {
        write(dst, options("host-subdirs", "yes"), m("h", outside.resolve("f").toString(), "x"));
        assertEquals("only the last component is used", List.of("h/f"), tree(dst));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void aLookAlikeSiblingIsNotInside() throws Exception {
        Path sibling = Files.createDirectory(base.resolve("dstX"));
        assertTrue("CC's string-prefix check would have let this through", sibling.resolve("evil").toString().startsWith(dst.toString()));
        write(dst, options("dstmask", "%(filepath)s"), m("h", "../dstX/evil", "x"));
        assertEquals(1, count("count.refused"));
        assertEquals(List.of(), tree(sibling));
    }

    @Test
    public void aSymlinkedHostDirectoryLeadingOutsideIsRefusedAndNothingIsCreatedThere() throws Exception {
        Files.createSymbolicLink(dst.resolve("web1"), outside);
        write(dst, options("dstmask", "%(hostname)s/%(filepath)s"), m("web1", "f1", "x"), m("web1", "sub/dir/f2", "x"));
        assertEquals(2, count("count.refused"));
        assertEquals("not even the sub-directories", List.of(), tree(outside));
    }

    @Test
    public void aSymlinkDeeperDownLeadingOutsideIsRefused() throws Exception {
        Files.createDirectories(dst.resolve("web1/logs"));
        Files.createSymbolicLink(dst.resolve("web1/logs/link"), outside);
        write(dst, options("dstmask", "%(hostname)s/%(filepath)s"), m("web1", "logs/link/x/f", "x"));
        assertEquals(1, count("count.refused"));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    public void aSymlinkAsTheDestinationFileIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        Files.createDirectories(dst.resolve("h"));
        Files.createSymbolicLink(dst.resolve("h/f"), victim);
        write(dst, options("host-subdirs", "yes"), m("h", "f", "overwrite"));
        assertEquals(1, count("count.refused"));
        assertEquals("precious", read(victim));
        assertTrue(Files.isSymbolicLink(dst.resolve("h/f")));
    }

    @Test
    public void symlinksThatStayInsideDstdirAreFollowed() throws Exception {
        Path real = Files.createDirectory(dst.resolve("real"));
        Files.createSymbolicLink(dst.resolve("alias"), real);
        Files.createSymbolicLink(dst.resolve("relative-alias"), dst.relativize(real));
        write(dst, options("host-subdirs", "yes"), m("alias", "f1", "a"), m("relative-alias", "f2", "b"));
        assertEquals(0, count("count.refused"));
        assertEquals("a", read(real.resolve("f1")));
        assertEquals("b", read(real.resolve("f2")));
    }

    @Test
    public void aDstdirThatIsItselfALinkIsTheOperatorsChoiceAndLinksInsideItAreFollowed() throws Exception {
        Path real = Files.createDirectory(base.resolve("real"));
        Path linkedDstdir = Files.createSymbolicLink(base.resolve("linked"), real);
        Files.createDirectory(real.resolve("archive"));
        Files.createSymbolicLink(real.resolve("h"), real.resolve("archive"));
        write(linkedDstdir, options("host-subdirs", "yes"), m("h", "f", "through the links"));
        assertEquals(0, count("count.refused"));
        assertEquals("through the links", read(real.resolve("archive/f")));
    }

    @Test
    public void aNulCharacterIsRefused() throws Exception {
        write(dst, options(), m("h", "f\u0000.1", "x"), m("h\u0000x", "f", "x"));
        assertEquals(2, count("count.refused"));
        assertEquals(List.of(), tree(dst));
    }

    @Test
    public void aDestinationThatIsADirectoryFailsThatFileOnly() throws Exception {
        Files.createDirectory(dst.resolve("h--dir"));
        write(dst, options(), m("h", "dir", "x"), m("h", "ok", "fine"));
        assertEquals(1, count("count.failed"));
        assertEquals("fine", read(dst.resolve("h--ok")));
    }

    @Test
    public void refusedAndWrittenMessagesInterleaveWithoutStoppingTheHandler() throws Exception {
        String[][] messages = new String[40][];
        for (int i = 0; i < 20; i++) {
            messages[2 * i] = m("h", "../../outside/x" + i, "x");
            messages[2 * i + 1] = m("h", "ok" + i, "fine " + i);
        }
        write(dst, options("dstmask", "%(hostname)s/%(filepath)s"), messages);
        assertEquals(20, count("count.refused"));
        assertEquals(20, count(fx.writtenCounter()));
        assertEquals("fine 7", read(dst.resolve("h/ok7")));
        assertEquals(List.of(), tree(outside));
    }
}
