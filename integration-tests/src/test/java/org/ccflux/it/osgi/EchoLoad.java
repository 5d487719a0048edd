package org.ccflux.it.osgi;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ccflux.api.CcMessage;

/**
 * Steady echo traffic on its own client and thread while a test changes the server (deploys, undeploys,
 * reconfigures): every request must be answered, none lost.
 */
final class EchoLoad implements AutoCloseable {
    private final TestClient client;
    private final Thread thread;
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private volatile boolean sending = true;
    private volatile boolean running = true;
    private volatile int sent;

    EchoLoad(int port) {
        client = new TestClient(port);
        thread = new Thread(this::run, "it-echo-load");
        thread.start();
    }

    private void run() {
        long nextSend = 0;
        while (running) {
            if (sending && System.currentTimeMillis() >= nextSend) {
                outstanding.add(client.send("echo.request", ""));
                sent++;
                nextSend = System.currentTimeMillis() + 5;
            }
            CcMessage reply = client.receive(2);
            if (reply != null) {
                outstanding.remove(new String(reply.route().get(0), StandardCharsets.US_ASCII));
            }
        }
    }

    /** Stops sending, waits for the last answers, and returns how many requests were never answered. */
    int stopAndCountLost() {
        sending = false;
        try {
            Await.until("all echo requests answered (" + outstanding.size() + " left)", 5000, outstanding::isEmpty);
        } catch (AssertionError e) {
            // reported through the return value
        }
        return outstanding.size();
    }

    int sent() {
        return sent;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
        client.close();
    }
}
