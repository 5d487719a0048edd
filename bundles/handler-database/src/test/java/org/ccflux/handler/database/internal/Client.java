package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcMessage;
import org.ccflux.client.loop.ZmqDefaults;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A plain CC client: a JeroMQ DEALER writing {@code ['', type, body, '']}, as CC's tools do. */
final class Client {
    /** Generous: a reply that does not come within this is a failure, never a timing assertion. */
    static final int DEADLINE_MS = 20_000;

    /** A received reply: its type and parsed body. */
    static final class Reply {
        final String type;
        final JsonNode body;

        Reply(String type, JsonNode body) {
            this.type = type;
            this.body = body;
        }

        String reason() {
            return body.path("reason").asText(null);
        }

        @Override
        public String toString() {
            return type + " " + body;
        }
    }

    private final ZMQ.Socket socket;

    Client(ZContext context, String endpoint) {
        socket = context.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(socket);
        socket.setLinger(0);
        socket.setReceiveTimeOut(DEADLINE_MS);
        socket.connect(endpoint);
    }

    void send(String type, String body) {
        socket.sendMore(new byte[0]);
        socket.sendMore(type);
        socket.sendMore(body.getBytes(StandardCharsets.UTF_8));
        socket.send(new byte[0], 0);
    }

    Reply receive() throws Exception {
        byte[] first = socket.recv(0);
        assertNotNull("no reply within " + DEADLINE_MS + " ms", first);
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        CcMessage m = CcMessage.decode(frames);
        return new Reply(m.type(), m.json());
    }

    Reply call(String type, String body) throws Exception {
        send(type, body);
        return receive();
    }
}
