package org.ccflux.handler.echo.internal;

import static org.ccflux.handler.echo.internal.EchoTestSupport.await;
import static org.ccflux.handler.echo.internal.EchoTestSupport.b;
import static org.ccflux.handler.echo.internal.EchoTestSupport.freePort;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.SocketLoop;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.core.internal.config.ServerConfig;
import org.ccflux.core.internal.pipeline.Dispatcher;
import org.ccflux.core.internal.pipeline.IngressPipeline;
import org.ccflux.core.internal.pipeline.Targets;
import org.ccflux.core.internal.routing.HandlerRegistry;
import org.ccflux.core.internal.transport.RouterSocket;
import org.ccflux.handler.echo.internal.EchoTestSupport.ForwardingSender;
import org.ccflux.handler.echo.internal.EchoTestSupport.RecordingStats;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import reactor.core.Disposable;

/** The echo handler inside the real core server parts: ROUTER socket, ingress pipeline, routing. */
public class EchoRoundTripTest {
    private final RecordingStats stats = new RecordingStats();
    private final String endpoint = "tcp://127.0.0.1:" + freePort();
    private SocketLoop loop;
    private RouterSocket socket;
    private HandlerRegistry registry;
    private Disposable pipeline;
    private EchoHandler echo;

    @Before
    public void startServer() {
        ServerConfig cfg = new ServerConfig(Map.of(ServerConfig.CC_SOCKET, endpoint, "zmq_linger", "0"));
        loop = new SocketLoop("ccflux-test-socket", 1);
        socket = new RouterSocket(loop, cfg, stats);
        registry = new HandlerRegistry(cfg.role, new Targets(stats)::create);
        pipeline = new IngressPipeline(stats, Function.identity()).start(socket.inbound(), new Dispatcher(registry, stats, () -> 2));
        socket.start();
        echo = new EchoHandler(new ForwardingSender(socket::send), stats, Map.of());
        registry.bind(echo, Map.of("service.id", 1L, "routes", "echo", "handler.execution", "inline", "handler.name", "main"));
    }

    @After
    public void stopServer() {
        echo.deactivate();
        socket.close();
        pipeline.dispose();
        registry.close();
        loop.close();
    }

    @Test
    public void aDealerClientGetsItsResponseWithItsOwnRouteFramesInFront() throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket client = ctx.createSocket(SocketType.DEALER);
            ZmqDefaults.apply(client);
            client.setLinger(0);
            client.setReceiveTimeOut(5_000);
            client.connect(endpoint);
            byte[] body = b("{\"req\":\"echo.request\",\"hostname\":\"db1\",\"target\":\"me\",\"time\":1700000000.25}");
            client.send(b("req-42"), ZMQ.SNDMORE);
            client.send(new byte[0], ZMQ.SNDMORE);
            client.send(b("echo.request"), ZMQ.SNDMORE);
            client.send(body, ZMQ.SNDMORE);
            client.send(new byte[0], 0);

            byte[] first = client.recv(0);
            assertNotNull("no echo.response within 5 s", first);
            List<byte[]> frames = new ArrayList<>(List.of(first));
            while (client.hasReceiveMore()) {
                frames.add(client.recv(0));
            }
            CcMessage reply = CcMessage.decode(frames);
            assertEquals(List.of("req-42"), EchoTestSupport.text(reply.route()));
            assertEquals("echo.response", reply.type());
            JsonNode json = reply.json();
            assertEquals("db1", json.get("orig_hostname").asText());
            assertEquals("me", json.get("orig_target").asText());
            assertEquals(1700000000.25, json.get("orig_time").asDouble(), 0.0);
            assertEquals(CcJson.hostname(), json.get("hostname").asText());
        }
        await("counted by the server", () -> stats.get("count.ok.msg.echo.request") == 1);
        assertEquals(1, stats.get("count.sent"));
    }

    @Test
    public void aPingerAimedAtTheServerGetsPongs() {
        EchoPinger p = EchoPinger.start(List.of(endpoint), stats, null);
        try {
            await("a pong through the server", () -> p.pongs(endpoint) > 0);
            assertTrue(p.silenceSeconds(endpoint) < EchoPinger.LATE_SECONDS);
            assertTrue(stats.get("count.ok") >= 1);
        } finally {
            p.close();
        }
    }
}
