package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.ccflux.core.testing.LoopbackServer;

/**
 * Broken connections (reference §6.9, §12 item 16: CC closed the connection and slept 10 s): sessions killed with
 * {@code pg_terminate_backend}, idle or in the middle of a call, and a server that stops and comes back. Each broken
 * connection costs at most the call that was using it (answered {@code connection-lost}); the next calls get a new
 * connection, and calls on other connections are never held up.
 */
public class ConnectionRecoveryTest extends DatabaseTestSupport {
    @Test
    public void idleSessionsKilledByTheAdministratorAreReplacedAndLaterCallsSucceed() throws Exception {
        handler("idlekill", "db", "allowed-functions", "*", "worker-threads", "2");
        Client c = client();
        warmUp(c, "idlekill", 2);

        assertEquals(2, Fixture.terminate(admin, "idlekill", false));
        await("sessions gone", () -> Fixture.sessions(admin, "idlekill") == 0);

        List<Client.Reply> replies = sequentialCalls(c, 10);
        int lost = 0;
        for (Client.Reply r : replies) {
            if (!r.type.equals("reply.db.test")) {
                assertError("connection-lost", r); // used within 500 ms of its last call, so not validated first
                lost++;
            }
        }
        assertTrue("at most one failure per killed connection, was " + lost, lost <= 2);
        for (Client.Reply r : sequentialCalls(c, 10)) {
            assertOk(r);
        }
        assertEquals("every killed connection was found and replaced", 2, server.get("db.idlekill.connections.broken"));
        assertEquals(lost, server.get("db.idlekill.count.error.connection-lost"));
    }

    @Test
    public void aSessionKilledMidCallAnswersConnectionLostWhileTheOtherWorkerKeepsServing() throws Exception {
        handler("midcall", "db", "allowed-functions", "*", "worker-threads", "2");
        Client blocked = client();
        Client other = client();
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            blocked.send("db.test", call("cc.wait_lock", null, "one", "\"blocked\""));
            await("the call waits in the database", () -> Fixture.waiting(admin, "midcall") == 1);

            for (int i = 0; i < 20; i++) {
                Client.Reply r = other.call("db.test", call("cc.add", "[" + i + ", 1]", "one", null));
                assertEquals("[" + (i + 1) + "]", r.body.get("data").toString());
            }
            assertEquals("still waiting: the other calls went past it", 1, Fixture.waiting(admin, "midcall"));

            assertEquals(1, Fixture.terminate(admin, "midcall", true));
            Client.Reply r = blocked.receive();
            assertError("connection-lost", r);
            assertEquals("blocked", r.body.get("ident").textValue());
            assertEquals("57P01", r.body.get("sqlstate").textValue());
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        for (Client.Reply r : sequentialCalls(blocked, 5)) {
            assertOk(r);
        }
        assertEquals(1, server.get("db.midcall.connections.broken"));
    }

    @Test
    public void aServerRestartGivesNoConnectionWhileDownAndServiceResumesAfter() throws Exception {
        handler("restart", "db", "allowed-functions", "*", "worker-threads", "2");
        Client c = client();
        warmUp(c, "restart", 2);
        admin.close();

        PG.stop();
        try {
            // The pooled connections each fail once (connection-lost) or are found dead; then nothing can connect.
            Client.Reply r;
            int calls = 0;
            do {
                r = c.call("db.test", call("cc.add", "[1, 1]", "one", "\"down\""));
                assertEquals("error.db.test", r.type);
                assertTrue(r.toString(), r.reason().equals("connection-lost") || r.reason().equals("no-connection"));
                calls++;
            } while (!r.reason().equals("no-connection"));
            assertTrue("at most one failure per pooled connection before no-connection, was " + calls, calls <= 3);
            assertEquals("down", r.body.get("ident").textValue());
            for (int i = 0; i < 5; i++) {
                assertError("no-connection", c.call("db.test", call("cc.add", "[1, 1]", "one", null)));
            }
            assertTrue(server.get("db.restart.connections.failed") >= 1);
        } finally {
            PG.start();
        }
        admin = track(PG.admin("postgres"));

        for (Client.Reply r : sequentialCalls(c, 10)) {
            assertOk(r);
        }
    }

    @Test
    public void whileTheDatabaseIsUnreachableCallsFailFastAndAreAllAnswered() throws Exception {
        DatabaseHandler h = new DatabaseHandler(server, server, withDb("unreachable", "db",
                "host=127.0.0.1 port=" + LoopbackServer.freePort() + " user=nobody dbname=none connect_timeout=2"));
        track(h::deactivate);
        server.bind("unreachable", "db", "inline", h);
        Client c = client();
        for (int i = 0; i < 30; i++) {
            c.send("db.test", call("cc.add", "[1, 1]", "one", Integer.toString(i + 1)));
        }
        Map<Integer, String> reasons = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            Client.Reply r = c.receive();
            reasons.put(r.body.get("ident").intValue(), r.reason());
        }
        assertEquals("every call answered once", 30, reasons.size());
        assertTrue(reasons.toString(), reasons.values().stream().allMatch("no-connection"::equals));
        assertEquals(30, server.get("db.unreachable.count.error.no-connection"));
        assertEquals(0, h.connections());
    }

    private Map<String, Object> withDb(String name, String routes, String db) {
        Map<String, Object> props = config(name, routes, "allowed-functions", "*");
        props.put("db", db);
        return props;
    }

    /** Makes the handler open {@code n} connections: n concurrent calls held at the advisory lock, then released. */
    private void warmUp(Client c, String name, int n) throws Exception {
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            for (int i = 0; i < n; i++) {
                c.send("db.test", call("cc.wait_lock", null, "one", null));
            }
            await(n + " sessions waiting", () -> Fixture.waiting(admin, name) == n);
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        for (int i = 0; i < n; i++) {
            assertOk(c.receive());
        }
        assertEquals(n, Fixture.sessions(admin, name));
    }

    private static List<Client.Reply> sequentialCalls(Client c, int n) throws Exception {
        List<Client.Reply> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(c.call("db.test", call("cc.add", "[" + i + ", 1]", "one", null)));
        }
        return replies;
    }
}
