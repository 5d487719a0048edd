package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.await;
import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Logtail.gzip;
import static org.ccflux.handler.tailwriter.internal.Logtail.utf8;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import org.ccflux.handler.files.testing.ServerContract;
import org.junit.Test;

/**
 * The tailwriter inside a real core server, fed over tcp by a DEALER the way CC's logtail (through a proxy) feeds it:
 * the contract every file-writing handler keeps there ({@link ServerContract}), and logtail's chunks.
 */
public class TailWriterServerTest extends ServerContract<TailWriterHandler> {
    public TailWriterServerTest() {
        super(new Fixture());
    }

    @Test
    public void logtailChunksOverTheWireAreAppendedInOrder() throws Exception {
        startServer("remote"); // where CC runs the tailwriter (ccserver-log.ini)
        Path dst = tmp.newFolder("dst").toPath();
        TailWriterHandler h = bind(fx.start("log", dst, "host-subdirs", "yes"));

        // logtail's default: content in the blob frame, data empty; here gzip-compressed (compression = gzip)
        client.send(Logtail.of("db1", "/var/log/postgresql/postgresql.log", 0, "").comp("gzip").blob(gzip(utf8("LOG:  one\n"))).message());
        client.send(Logtail.of("db1", "/var/log/postgresql/postgresql.log", 10, "LOG:  two\n").message()); // use-blob = no
        client.send(Logtail.of("db1", "/var/log/postgresql/postgresql.log", 20, "LOG:  three\n").message());

        await("3 chunks appended", () -> fx.get("log", "count.appended") == 3);
        fx.stop(h);
        assertEquals("LOG:  one\nLOG:  two\nLOG:  three\n", read(dst.resolve("db1/postgresql.log")));
        assertEquals(0, fx.get("log", "count.gap") + fx.get("log", "count.overlap"));
        assertEquals("delivered without a crash", 3, server.get("count.ok"));
        assertEquals(0, server.get("count.crashed"));
    }
}
