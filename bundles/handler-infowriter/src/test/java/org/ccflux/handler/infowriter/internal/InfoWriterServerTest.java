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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcMessage;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The infowriter inside a real core server, fed by a DEALER over tcp as CC's proxy and testmsg feed it. */
public class InfoWriterServerTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    private final ZContext clients = new ZContext(1);
    private LoopbackServer server;
    private ZMQ.Socket client;

    @Before
    public void start() {
        server = new LoopbackServer(Map.of("cc-role", "remote")); // where CC runs the infowriter
        client = clients.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(client);
        client.setLinger(0);
        client.connect(server.endpoint);
    }

    @After
    public void stop() {
        server.close();
        clients.close();
    }

    @Test
    public void ac2TestmsgsInfoMessageOverTheWireBecomesMeInfo1() throws Exception {
        Path dst = tmp.newFolder("dst-infofile").toPath();
        bind(fx.start("info", dst, "host-subdirs", "yes", "bakext", "--prev"));

        send(utf8("pub.infofile"), utf8(InfoWriterHandlerTest.AC_SAMPLE), new byte[0]);

        Path file = dst.resolve("me/info.1");
        await("me/info.1 written", () -> fx.get("info", "count.written") == 1);
        assertEquals("qwerty", read(file));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1314187603)), Files.getLastModifiedTime(file));
        assertEquals("delivered without a crash", 1, server.get("count.ok"));
        assertEquals(0, server.get("count.crashed"));
    }

    @Test
    public void infosendersGzipBlobIsWrittenDecompressed() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        bind(fx.start("blob", dst, "host-subdirs", "yes"));
        Infofile info = Infofile.of("web1", "/tmp/infodir/info.ps", "1700000000.5", "").comp("gzip");
        CcMessage m = info.blob(gzip(utf8("USER PID %CPU\n"))).message();

        send(m.payloadFrames().subList(1, m.payloadFrames().size()).toArray(new byte[0][]));

        await("written", () -> fx.get("blob", "count.written") == 1);
        assertEquals("USER PID %CPU\n", read(dst.resolve("web1/info.ps")));
    }

    @Test
    public void aStalledDiskDoesNotSlowRoutingToOtherHandlers() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.all();
        InfoWriterHandler writer = bind(fx.start("slow", gate, Fixture.props("slow", dst, "worker-threads", "2")));
        Recorder others = server.bind("rec", "log", HandlerExecution.INLINE, new Recorder());

        for (int i = 0; i < 20; i++) {
            send(utf8("pub.infofile"), Infofile.of("h", "f" + i, "100", "x").message().body(), new byte[0]);
        }
        send(utf8("log.info"), utf8("{\"req\":\"log.info\",\"log_msg\":\"still routed\"}"), new byte[0]);

        await("the other handler got its message while the infowriter is stalled", () -> others.seen.size() == 1);
        await("the disk is stalled", () -> gate.held.get() >= 1);
        assertEquals(0, fx.get("slow", "count.written"));
        assertEquals("the core's lane is never blocked by the disk", 0, server.get("count.overflow"));

        gate.open();
        await("all written once the disk is back", () -> fx.get("slow", "count.written") == 20);
        fx.stop(writer);
    }

    /** Bound as the component declares itself: worker execution, role remote, route pub.infofile. */
    private InfoWriterHandler bind(InfoWriterHandler h) {
        return server.bind("infowriter", "pub.infofile", HandlerExecution.WORKER, h);
    }

    private void send(byte[]... frames) {
        client.send(new byte[0], ZMQ.SNDMORE);
        for (int i = 0; i < frames.length; i++) {
            client.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    static final class Recorder implements MessageHandler {
        final List<CcMessage> seen = new CopyOnWriteArrayList<>();

        @Override
        public void handle(CcMessage message) {
            seen.add(message);
        }
    }
}
