package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.await;
import static org.ccflux.handler.infowriter.internal.Fixture.read;
import static org.ccflux.handler.infowriter.internal.Infofile.gzip;
import static org.ccflux.handler.infowriter.internal.Infofile.utf8;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.ccflux.handler.files.testing.ServerContract;
import org.junit.Test;

/**
 * The infowriter inside a real core server, fed by a DEALER over tcp as CC's proxy and testmsg feed it: the
 * contract every file-writing handler keeps there ({@link ServerContract}), and CC's own messages.
 */
public class InfoWriterServerTest extends ServerContract<InfoWriterHandler> {
    public InfoWriterServerTest() {
        super(new Fixture());
    }

    @Test
    public void ac2TestmsgsInfoMessageOverTheWireBecomesMeInfo1() throws Exception {
        startServer("remote"); // where CC runs the infowriter
        Path dst = tmp.newFolder("dst-infofile").toPath();
        bind(fx.start("info", dst, "host-subdirs", "yes", "bakext", "--prev"));

        client.sendFrames(utf8("pub.infofile"), utf8(InfoWriterHandlerTest.AC_SAMPLE), new byte[0]);

        Path file = dst.resolve("me/info.1");
        await("me/info.1 written", () -> fx.get("info", "count.written") == 1);
        assertEquals("qwerty", read(file));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1314187603)), Files.getLastModifiedTime(file));
        assertEquals("delivered without a crash", 1, server.get("count.ok"));
        assertEquals(0, server.get("count.crashed"));
    }

    @Test
    public void infosendersGzipBlobIsWrittenDecompressed() throws Exception {
        startServer("remote");
        Path dst = tmp.newFolder("dst").toPath();
        bind(fx.start("blob", dst, "host-subdirs", "yes"));
        client.send(Infofile.of("web1", "/tmp/infodir/info.ps", "1700000000.5", "").comp("gzip").blob(gzip(utf8("USER PID %CPU\n"))).message());

        await("written", () -> fx.get("blob", "count.written") == 1);
        assertEquals("USER PID %CPU\n", read(dst.resolve("web1/info.ps")));
    }
}
