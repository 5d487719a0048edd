package org.ccflux.it.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal CC server standing in for a central server at the end of a proxy chain: a ROUTER on its own
 * thread that records every message (echo pings aside), answers {@code echo.request} as CC's echo handler
 * does, and answers {@code task.*} with {@code task.reply} along the request's route, as a task runner's
 * result travels back.
 */
final class RecordingSink implements AutoCloseable {
    final String endpoint;
    /** What arrived, without the ROUTER's identity frame prepended by this sink's own socket. */
    final List<CcMessage> received = new CopyOnWriteArrayList<>();
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket router;
    private final Thread thread;
    private volatile boolean running = true;

    RecordingSink(int port) {
        endpoint = "tcp://127.0.0.1:" + port;
        router = context.createSocket(SocketType.ROUTER);
        ZmqDefaults.apply(router);
        router.setLinger(0);
        router.bind(endpoint);
        thread = new Thread(this::run, "sink-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** Part of the type of the markers a test sends down a path to know that earlier messages have arrived. */
    static final String SENTINEL = ".sentinel";

    /** @return what arrived, without sentinels */
    List<CcMessage> payload() {
        return received.stream().filter(m -> !m.type().contains(SENTINEL)).toList();
    }

    /** @return the types received, in order, without sentinels */
    List<String> types() {
        return payload().stream().map(CcMessage::type).toList();
    }

    private void run() {
        router.setReceiveTimeOut(50);
        while (running) {
            byte[] first = router.recv(0);
            if (first == null) {
                continue;
            }
            List<byte[]> frames = new ArrayList<>(List.of(first));
            while (router.hasReceiveMore()) {
                frames.add(router.recv(0));
            }
            handle(frames);
        }
    }

    private void handle(List<byte[]> frames) {
        CcMessage message;
        JsonNode body;
        try {
            message = CcMessage.decode(frames);
            body = message.json();
        } catch (InvalidMessageException e) {
            return;
        }
        if (message.type().equals("echo.request")) {
            ObjectNode pong = CcJson.header("echo.response");
            pong.set("orig_target", body.get("target"));
            pong.set("orig_time", body.get("time"));
            pong.set("orig_hostname", body.get("hostname"));
            reply(message, pong);
            return;
        }
        received.add(message.withRoute(message.route().subList(1, message.route().size())));
        if (message.type().startsWith("task.")) {
            reply(message, CcJson.header("task.reply").put("sink", endpoint));
        }
    }

    private void reply(CcMessage request, ObjectNode body) {
        List<byte[]> out = CcMessage.of(request.route(), body.get("req").asText(), CcJson.toBytes(body), null, null).frames();
        for (int i = 0; i < out.size(); i++) {
            router.send(out.get(i), i < out.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        context.close();
    }
}
