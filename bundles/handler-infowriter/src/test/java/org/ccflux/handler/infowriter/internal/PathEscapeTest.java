package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.files.testing.HandlerFixture.read;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ccflux.handler.files.testing.ContainmentContract;
import org.junit.Test;

/**
 * Every way out of {@code dstdir} is refused and counted, nothing is created outside, and legitimate paths
 * (including links that stay inside) still work: the contract every file-writing handler keeps
 * ({@link ContainmentContract}), plus the infowriter's backup file.
 */
public class PathEscapeTest extends ContainmentContract<InfoWriterHandler> {
    public PathEscapeTest() {
        super(new Fixture());
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
}
