package org.ccflux.client;

import static org.junit.Assert.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal CC server for tests: a ROUTER on its own thread that records what it receives and answers
 * {@code echo.request} as CC's echo handler does, with the request's route, or, depending on the
 * {@link Mode}, stays silent, holds requests until {@link #releaseHeld()}, answers to an unknown id, or
 * answers with an {@code error} message as CC's taskrouter does.
 */
public final class TestServer implements AutoCloseable {
    /** How {@code echo.request} is answered. */
    public enum Mode { ECHO, SILENT, HOLD, UNKNOWN_ID, ERROR }

    /** Answered in every mode and not recorded: lets a test wait until a client's connection is up. */
    public static final String READY = "test.ready";
    private static final long RECEIVE_TIMEOUT_MS = 5_000;

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket router;
    private final Thread thread;
    private final BlockingQueue<List<byte[]>> received = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<CcMessage> held = new ArrayList<>();
    private volatile Mode mode = Mode.ECHO;
    private volatile int repliesPerRequest = 1;
    private volatile boolean running = true;

    public TestServer(String endpoint) {
        router = context.createSocket(SocketType.ROUTER);
        ZmqDefaults.apply(router);
        router.setLinger(0);
        router.bind(endpoint);
        thread = new Thread(this::run, "test-server");
        thread.setDaemon(true);
        thread.start();
    }

    public TestServer mode(Mode value) {
        mode = value;
        return this;
    }

    /** Answers each echo.request this many times (a multi-reply protocol). */
    public TestServer repliesPerRequest(int n) {
        repliesPerRequest = n;
        return this;
    }

    /** Answers every request held in {@link Mode#HOLD} now. */
    public void releaseHeld() {
        commands.add(() -> {
            held.forEach(this::echo);
            held.clear();
        });
    }

    /** @return the next message received, without the sender's identity frame; fails after 5 s */
    public List<byte[]> take() {
        try {
            List<byte[]> frames = received.poll(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNotNull("the server received nothing within " + RECEIVE_TIMEOUT_MS + " ms", frames);
            return frames;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the next message received if one is already there */
    public List<byte[]> poll() {
        return received.poll();
    }

    private void run() {
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(router, ZMQ.Poller.POLLIN);
            while (running) {
                poller.poll(10);
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                List<byte[]> frames;
                while ((frames = receive()) != null) {
                    handle(frames);
                }
            }
        }
    }

    private List<byte[]> receive() {
        byte[] first = router.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (router.hasReceiveMore()) {
            frames.add(router.recv(0));
        }
        return frames;
    }

    private void handle(List<byte[]> frames) {
        CcMessage request;
        try {
            request = CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            received.add(frames.subList(1, frames.size()));
            return;
        }
        if (request.type().equals(READY)) {
            reply(request.route(), READY, CcJson.header(READY));
            return;
        }
        received.add(frames.subList(1, frames.size()));
        if (!request.type().equals("echo.request")) {
            return;
        }
        switch (mode) {
            case ECHO -> {
                for (int i = 0; i < repliesPerRequest; i++) {
                    echo(request);
                }
            }
            case HOLD -> held.add(request);
            case UNKNOWN_ID -> echo(request.withRoute(List.of(request.route().get(0), ClientTestSupport.b("Q999999"))));
            case ERROR -> reply(request.route(), "error", CcJson.header("error").put("msg", "cannot route"));
            case SILENT -> { }
        }
    }

    private void echo(CcMessage request) {
        ObjectNode body = CcJson.header("echo.response");
        try {
            JsonNode req = request.json();
            body.set("orig_hostname", req.get("hostname"));
            body.set("orig_target", req.get("target"));
            body.set("orig_time", req.get("time"));
        } catch (InvalidMessageException e) {
            return; // CC's echo handler would crash on it: no reply either
        }
        reply(request.route(), "echo.response", body);
    }

    private void reply(List<byte[]> route, String type, ObjectNode body) {
        List<byte[]> frames = CcMessage.of(route, type, CcJson.toBytes(body), null, null).frames();
        for (int i = 0; i < frames.size(); i++) {
            router.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
