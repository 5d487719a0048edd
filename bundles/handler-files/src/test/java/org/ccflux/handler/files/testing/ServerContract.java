package org.ccflux.handler.files.testing;

import static org.ccflux.handler.files.testing.FileMessageBuilder.utf8;
import static org.ccflux.handler.files.testing.HandlerFixture.await;
import static org.ccflux.handler.files.testing.HandlerFixture.tree;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.After;
import org.junit.Test;

/**
 * A file-writing handler inside a real core server ({@link LoopbackServer}), fed over tcp by a DEALER as CC's
 * clients and proxies feed it: its disk never holds up routing, and it runs only where CC ran it (role remote). A
 * handler's server test extends this with its fixture, and adds what is its own.
 *
 * @param <H> the handler
 */
public abstract class ServerContract<H extends MessageHandler> extends HandlerContract<H> {
    protected LoopbackServer server;
    protected LoopbackClient client;

    protected ServerContract(HandlerFixture<H> fixture) {
        super(fixture);
    }

    /** Starts a server with {@code cc-role = role} and connects {@link #client} to it. */
    protected final void startServer(String role) {
        server = new LoopbackServer(Map.of("cc-role", role));
        client = new LoopbackClient(server.endpoint);
    }

    @After
    public void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Binds {@code handler} with the service properties its component declares: its route, worker execution, role remote. */
    protected final H bind(H handler) {
        return server.bind(handler, Map.of(MessageHandler.ROUTES, fx.routes(), MessageHandler.EXECUTION, HandlerExecution.WORKER,
                MessageHandler.NAME, fx.kind(), MessageHandler.ROLES, new String[] {"remote"}));
    }

    @Test
    public void aStalledDiskDoesNotSlowRoutingToOtherHandlers() throws Exception {
        startServer("remote");
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.all();
        H writer = bind(fx.start("slow", gate, fx.props("slow", dst, "worker-threads", "2")));
        RecordingHandler others = server.bind("rec", "log", HandlerExecution.INLINE, new RecordingHandler());

        for (int i = 0; i < 20; i++) {
            client.send(fx.piece("h", "f" + i, "x"));
        }
        client.send(CcMessage.of(List.of(), "log.info", utf8("{\"req\":\"log.info\",\"log_msg\":\"still routed\"}"), null, null));

        await("the other handler got its message while the disk is stalled", () -> others.seen.size() == 1);
        await("the disk is stalled", () -> gate.held.get() >= 1);
        assertEquals(0, fx.get("slow", fx.writtenCounter()));
        assertEquals("the core's lane is never blocked by the disk", 0, server.get("count.overflow"));

        gate.open();
        await("all written once the disk is back", () -> fx.get("slow", fx.writtenCounter()) == 20);
        fx.stop(writer);
    }

    @Test
    public void aLocalServerDoesNotRunIt() throws Exception {
        startServer("local"); // CC: "Handler ... cannot be run in role local"
        Path dst = tmp.newFolder("dst").toPath();
        bind(fx.start("local", dst));
        RecordingHandler probe = server.bind("probe", "echo", HandlerExecution.INLINE, new RecordingHandler());
        client.send(fx.piece("h", "f", "x"));
        client.send(CcMessage.of(List.of(), "echo.request", utf8("{\"req\":\"echo.request\"}"), null, null));
        await("the server handled both messages", () -> probe.seen.size() == 1);
        assertEquals(0, fx.processed("local"));
        assertEquals(List.of(), tree(dst));
    }
}
