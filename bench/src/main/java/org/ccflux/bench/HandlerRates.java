package org.ccflux.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ccflux.api.HandlerExecution;
import org.ccflux.client.loop.ZmqDefaults;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.ccflux.handler.database.internal.DatabaseHandler;
import org.ccflux.handler.database.testing.PostgresCluster;
import org.ccflux.handler.infowriter.internal.InfoWriterHandler;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Throughput of the collecting handlers, each in a core server on loopback (the core's {@link LoopbackServer}) fed
 * by one DEALER in this JVM: infowriter files written per second (new files of 1 KB, 100 hosts, host sub-directories,
 * default 10 worker threads) and database calls answered per second (a SQL function on a throw-away PostgreSQL from
 * Debian's binaries, 32 calls in flight, default 10 workers). Medians over {@code runs}.
 */
final class HandlerRates {
    private static final int FILES = 5000;
    private static final int HOSTS = 100;
    private static final int DB_WINDOW = 32;
    private static final long DB_MEASURE_NANOS = 5_000_000_000L;

    /** One measured figure: its runs and their median. */
    record Rate(String what, String unit, List<Double> runs) {
        double median() {
            List<Double> sorted = new ArrayList<>(runs);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private HandlerRates() {
    }

    static List<Rate> measure(Path work, int runs) throws Throwable {
        List<Double> files = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            files.add(infowriter(Files.createDirectories(work.resolve("infofiles-" + i))));
            System.out.printf(Locale.ROOT, "  infowriter run %d: %,.0f files/s%n", i, files.get(i - 1));
        }
        List<Double> calls = new ArrayList<>();
        try (PostgresCluster pg = new PostgresCluster().open()) {
            try (Connection c = pg.admin("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE FUNCTION public.add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'");
            }
            for (int i = 1; i <= runs; i++) {
                calls.add(database(pg));
                System.out.printf(Locale.ROOT, "  database run %d: %,.0f calls/s%n", i, calls.get(i - 1));
            }
        }
        return List.of(new Rate("infowriter: new 1 KB files written (100 hosts, host-subdirs, 10 worker threads)", "files/s", files),
                new Rate("database: `SELECT a + b` function calls answered (return one, 32 in flight, 10 worker threads)", "calls/s", calls));
    }

    private static double infowriter(Path dstdir) throws Exception {
        try (LoopbackServer server = new LoopbackServer(Map.of("cc-role", "remote"));
                ZContext zmq = new ZContext(1)) {
            // all files are sent at once: both queues (the core's lane, the handler's own) hold them all
            server.bind(new InfoWriterHandler(server, new HashMap<>(Map.of("handler.name", "bench", "dstdir", dstdir.toString(),
                    "host-subdirs", "yes", "queue-size", Integer.toString(FILES)))), Map.of("handler.name", "bench", "routes", "pub.infofile",
                    "handler.execution", HandlerExecution.WORKER, "handler.queue.size", FILES));
            ZMQ.Socket s = dealer(zmq, server);
            byte[] content = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            for (int i = 0; i < FILES; i++) {
                String body = String.format(Locale.ROOT, "{\"req\": \"pub.infofile\", \"hostname\": \"host%d\", \"filename\": \"info.%d\","
                        + " \"mtime\": 1700000000, \"comp\": \"\", \"mode\": \"b\", \"blob_hash\": \"\"}", i % HOSTS, i / HOSTS);
                s.send(EchoFrames.EMPTY, ZMQ.SNDMORE);
                s.send("pub.infofile", ZMQ.SNDMORE);
                s.send(body, ZMQ.SNDMORE);
                s.send(EchoFrames.EMPTY, ZMQ.SNDMORE);
                s.send(content, 0);
            }
            Await.until("the infowriter writes " + FILES + " files", Duration.ofMinutes(2), () -> {
                long dropped = server.get("infowriter.bench.count.overflow") + server.get("count.overflow");
                if (dropped > 0) { // nothing more will come: fail now, not at the deadline
                    throw new IllegalStateException("infowriter wrote " + server.get("infowriter.bench.count.written") + " of "
                            + FILES + " and dropped " + dropped + " at a queue");
                }
                return server.get("infowriter.bench.count.written") >= FILES;
            });
            return FILES / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double database(PostgresCluster pg) throws Exception {
        try (LoopbackServer server = new LoopbackServer(Map.of("cc-role", "remote"));
                ZContext zmq = new ZContext(1)) {
            server.bind("bench", "db", HandlerExecution.INLINE, new DatabaseHandler(server, server, new HashMap<>(Map.of(
                    "handler.name", "bench", "routes", "db", "allowed-functions", "*",
                    "db", pg.conninfo("postgres", PostgresCluster.SUPERUSER, pg.superPassword)))));
            ZMQ.Socket s = dealer(zmq, server);
            byte[] call = "{\"req\": \"db.bench\", \"function\": \"public.add\", \"params\": [2, 3], \"return\": \"one\"}"
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < DB_WINDOW; i++) {
                sendCall(s, call);
            }
            long answered = 0;
            long start = System.nanoTime();
            long warmEnd = start + 2_000_000_000L;
            long measureStart = -1;
            long end = warmEnd + DB_MEASURE_NANOS;
            while (System.nanoTime() < end) {
                byte[] first = s.recv(0);
                if (first == null) {
                    throw new IllegalStateException("no database reply within 10 s");
                }
                String type = null;
                while (s.hasReceiveMore()) {
                    byte[] f = s.recv(0);
                    if (type == null && f.length > 0) {
                        type = new String(f, StandardCharsets.US_ASCII);
                    }
                }
                if (!"reply.db.bench".equals(type)) {
                    throw new IllegalStateException("unexpected database answer " + type);
                }
                long now = System.nanoTime();
                if (now >= warmEnd) {
                    if (measureStart < 0) {
                        measureStart = now;
                    } else {
                        answered++;
                    }
                }
                sendCall(s, call);
            }
            return answered / ((System.nanoTime() - measureStart) / 1e9);
        }
    }

    private static void sendCall(ZMQ.Socket s, byte[] call) {
        s.send(EchoFrames.EMPTY, ZMQ.SNDMORE);
        s.send("db.bench", ZMQ.SNDMORE);
        s.send(call, ZMQ.SNDMORE);
        s.send(EchoFrames.EMPTY, 0);
    }

    private static ZMQ.Socket dealer(ZContext zmq, LoopbackServer server) {
        ZMQ.Socket s = zmq.createSocket(SocketType.DEALER);
        ZmqDefaults.apply(s);
        s.setSndHWM(0);
        s.setRcvHWM(0);
        s.setLinger(0);
        s.setReceiveTimeOut(10_000);
        s.connect(server.endpoint);
        return s;
    }
}
