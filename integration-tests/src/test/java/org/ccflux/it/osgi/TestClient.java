package org.ccflux.it.osgi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A CC client for tests: one DEALER, request-id route frames, replies read with a timeout. */
final class TestClient implements AutoCloseable {
    private final ZContext ctx = new ZContext(1);
    private final ZMQ.Socket dealer;
    private int nextId;

    TestClient(int port) {
        dealer = ctx.createSocket(SocketType.DEALER);
        dealer.setLinger(0);
        ZmqDefaults.apply(dealer);
        dealer.connect("tcp://127.0.0.1:" + port);
    }

    /** Sends {@code [id, '', type, {"req": type, ...}, '']} and returns the id used. */
    String send(String type, String extraJsonFields) {
        String id = "r" + (nextId++);
        String body = "{\"req\":\"" + type + "\",\"time\":" + CcJson.now() + ",\"hostname\":\"it\"" + extraJsonFields + "}";
        dealer.sendMore(id);
        dealer.sendMore(new byte[0]);
        dealer.sendMore(type);
        dealer.sendMore(body.getBytes(StandardCharsets.UTF_8));
        dealer.send(new byte[0]);
        return id;
    }

    /** @return the next message received within {@code millis}, or null */
    CcMessage receive(int millis) {
        dealer.setReceiveTimeOut(millis);
        byte[] first = dealer.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (dealer.hasReceiveMore()) {
            frames.add(dealer.recv());
        }
        try {
            return CcMessage.decode(frames);
        } catch (InvalidMessageException e) {
            throw new AssertionError("server sent an invalid message: " + e.reason());
        }
    }

    /** @return every message received until {@code millis} pass with nothing new */
    List<CcMessage> receiveAll(int millis) {
        List<CcMessage> out = new ArrayList<>();
        CcMessage m;
        while ((m = receive(millis)) != null) {
            out.add(m);
        }
        return out;
    }

    /** Sends one request and collects the replies that arrive within {@code millis} of each other. */
    List<CcMessage> request(String type, String extraJsonFields, int millis) {
        send(type, extraJsonFields);
        return receiveAll(millis);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
