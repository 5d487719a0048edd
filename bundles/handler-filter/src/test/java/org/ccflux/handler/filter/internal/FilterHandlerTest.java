package org.ccflux.handler.filter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.After;
import org.junit.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The filter in a real server, fed over ZeroMQ, passing to a handler that has no routes of its own. */
public class FilterHandlerTest {

    private final LoopbackServer server = new LoopbackServer();
    private final ZContext zmq = new ZContext(1);
    private final List<String> passed = new CopyOnWriteArrayList<>();
    private final MessageHandler target = m -> passed.add(m.type());

    @After
    public void close() {
        zmq.close();
        server.close();
    }

    private FilterHandler filter(String... kv) {
        Map<String, Object> props = new HashMap<>(Map.of("handler.name", "f", "routes", "log"));
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return server.bind("f", "log", new FilterHandler(server, server, props));
    }

    private void send(String... types) {
        ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(s);
        s.setLinger(1000);
        s.connect(server.endpoint);
        for (String type : types) {
            s.send(new byte[0], ZMQ.SNDMORE);
            s.send(type, ZMQ.SNDMORE);
            s.send("{\"req\": \"" + type + "\"}".getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE);
            s.send(new byte[0], 0);
        }
    }

    @Test
    public void whatPassesReachesTheTargetInOrderAndEveryOutcomeIsCounted() throws Exception {
        server.bind("archive", "", target);
        filter("forward-to", "archive", "include", "log.*", "exclude", "log.debug");

        send("log.info", "log.debug", "log.warning", "log", "log.error");

        Await.until("three passed", () -> passed.size() == 3);
        assertEquals(List.of("log.info", "log.warning", "log.error"), passed);
        Await.until("all five counted", () -> server.get("filter.count") == 5);
        assertEquals(3, server.get("filter.count.ok"));
        assertEquals("log.debug excluded, log not included", 2, server.get("filter.count.dropped"));
    }

    @Test
    public void aMissingTargetIsCountedNotFatalAndALiveChangeFindsTheNewOne() throws Exception {
        FilterHandler f = filter("forward-to", "nobody");
        send("log.info");
        Await.until("unrouted counted", () -> server.get("filter.count.unrouted") == 1);

        server.bind("archive", "", target);
        f.modified(Map.of("handler.name", "f", "routes", "log", "forward-to", "archive"));
        send("log.info");
        Await.until("passed after the change", () -> passed.size() == 1);

        try {
            f.modified(Map.of("routes", "log", "include", "[oops"));
            fail("an invalid change must be refused");
        } catch (IllegalArgumentException e) {
            assertEquals("forward-to is required: the name of the handler instance to pass messages to", e.getMessage());
        }
        send("log.info");
        Await.until("the old rules still pass", () -> passed.size() == 2);
    }

    @Test
    public void whatTheTargetThrowsIsCountedAsCrashed() throws Exception {
        server.bind("broken", "", (MessageHandler) m -> {
            throw new IllegalStateException("bug");
        });
        filter("forward-to", "broken");
        send("log.info");
        Await.until("crash counted", () -> server.get("filter.count.crashed") == 1);
    }
}
