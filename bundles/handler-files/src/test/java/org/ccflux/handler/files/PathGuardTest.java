package org.ccflux.handler.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Containment in {@code dstdir}, unit by unit: the lexical check on normalised absolute paths by whole components
 * (CC compared string prefixes, §12.5), the real-path check of each directory as it is created, and the destination
 * that must not be a link. The handlers' {@code PathEscapeTest}s run the same rules end to end.
 */
public class PathGuardTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Path base;
    private Path dst;
    private Path outside;

    @Before
    public void dirs() throws Exception {
        base = tmp.getRoot().toPath().toRealPath();
        dst = Files.createDirectory(base.resolve("dst"));
        outside = Files.createDirectory(base.resolve("outside"));
    }

    @Test
    public void insideNormalisesAndKeepsWhatStaysStrictlyInside() throws Exception {
        assertEquals(dst.resolve("h/b"), PathGuard.inside(dst, "h/a/../b"));
        assertEquals(dst.resolve("x"), PathGuard.inside(dst, "./x"));
        assertEquals("a .. that stays inside is fine", dst.resolve("x"), PathGuard.inside(dst, "a/../x"));
    }

    @Test
    public void insideRefusesEveryWayOutWithoutTouchingAFile() {
        for (String escape : new String[] {"..", "../x", "a/../../x", "../dstX/evil", "/etc/passwd", "//etc/passwd", ".", "a/..", "x\u0000y"}) {
            try {
                PathGuard.inside(dst, escape);
                fail("accepted " + escape);
            } catch (Rejected r) {
                assertEquals(escape, Rejected.Kind.REFUSED, r.kind());
            }
        }
        assertTrue("the sibling shares the string prefix: CC's check let it through", base.resolve("dstX/evil").toString().startsWith(dst.toString()));
        assertFalse(Files.exists(base.resolve("dstX")));
    }

    @Test
    public void ensureDirectoriesCreatesThePathComponentByComponent() throws Exception {
        Path fresh = base.resolve("fresh");
        PathGuard.ensureDirectories(fresh, fresh.resolve("a/b/c"));
        assertTrue("dstdir itself is created", Files.isDirectory(fresh.resolve("a/b/c")));
        PathGuard.ensureDirectories(fresh, fresh);
        PathGuard.ensureDirectories(fresh, fresh.resolve("a/b/c"));
    }

    @Test
    public void aLinkOnTheWayThatLeadsOutIsRefusedBeforeAnythingIsCreatedThroughIt() throws Exception {
        Files.createSymbolicLink(dst.resolve("web1"), outside);
        Files.createDirectories(dst.resolve("web2/logs"));
        Files.createSymbolicLink(dst.resolve("web2/logs/link"), outside);
        for (String dir : new String[] {"web1", "web1/sub/dir", "web2/logs/link/x"}) {
            try {
                PathGuard.ensureDirectories(dst, dst.resolve(dir));
                fail("went through " + dir);
            } catch (Rejected r) {
                assertEquals(Rejected.Kind.REFUSED, r.kind());
            }
        }
        try (var s = Files.list(outside)) {
            assertEquals("not even the sub-directories", 0, s.count());
        }
    }

    @Test
    public void linksThatStayInsideAreFollowedAndDstdirMayBeALink() throws Exception {
        Path real = Files.createDirectory(dst.resolve("real"));
        Files.createSymbolicLink(dst.resolve("alias"), real);
        Files.createSymbolicLink(dst.resolve("relative-alias"), dst.relativize(real));
        PathGuard.ensureDirectories(dst, dst.resolve("alias/a"));
        PathGuard.ensureDirectories(dst, dst.resolve("relative-alias/b"));
        assertTrue(Files.isDirectory(real.resolve("a")) && Files.isDirectory(real.resolve("b")));
        Path link = Files.createSymbolicLink(base.resolve("dst-link"), dst);
        PathGuard.ensureDirectories(link, link.resolve("c"));
        assertTrue(Files.isDirectory(dst.resolve("c")));
    }

    @Test
    public void aFileOnTheWayIsNotADirectory() throws Exception {
        Files.writeString(dst.resolve("file"), "x");
        try {
            PathGuard.ensureDirectories(dst, dst.resolve("file/sub"));
            fail("went through a file");
        } catch (NotDirectoryException e) {
            // expected: an I/O failure, not a refusal
        }
    }

    @Test
    public void theDestinationMustBeARegularFileOrNothingAndNeverALink() throws Exception {
        assertNull(PathGuard.existingFile(dst.resolve("none")));
        Path file = Files.writeString(dst.resolve("file"), "x");
        assertTrue(PathGuard.existingFile(file).isRegularFile());
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(dst.resolve("link"), victim);
        try {
            PathGuard.existingFile(link);
            fail("accepted a link");
        } catch (Rejected r) {
            assertEquals(Rejected.Kind.REFUSED, r.kind());
            assertEquals("destination " + link + " is a symbolic link", r.getMessage());
        }
        try {
            PathGuard.existingFile(Files.createDirectory(dst.resolve("dir")));
            fail("accepted a directory");
        } catch (FileSystemException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("destination exists and is not a regular file"));
        }
    }
}
