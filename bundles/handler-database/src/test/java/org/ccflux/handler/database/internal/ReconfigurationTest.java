package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.junit.Test;

/**
 * Live reconfiguration (@Modified), the bounded queue, and shutdown: a new {@code db} or pool size applies without
 * a restart, an invalid configuration is refused naming the property while the old one keeps serving, a full queue
 * answers {@code overflow} and counts it while routing to other handlers goes on, and deactivation leaves no thread.
 */
public class ReconfigurationTest extends DatabaseTestSupport {
    @Test
    public void aNewDbSwitchesDatabasesLiveAndTheOldConnectionsClose() throws Exception {
        DatabaseHandler h = handler("switch", "db", "allowed-functions", "cc.whoami");
        Client c = client();
        assertEquals("[\"postgres:ccflux_app\"]", c.call("db.test", call("cc.whoami", null, "one", null)).body.get("data").toString());
        assertEquals(1, Fixture.sessions(admin, "switch"));

        h.modified(config("switch", "db", "allowed-functions", "cc.whoami", "db", Fixture.conninfo(PG, Fixture.OTHER_DB)));

        assertEquals("[\"other:ccflux_app\"]", c.call("db.test", call("cc.whoami", null, "one", null)).body.get("data").toString());
        await("the old pool's connection closed", () -> Fixture.count(admin,
                "select count(*) from pg_stat_activity where application_name = 'ccflux-db-switch' and datname = 'postgres'") == 0);
    }

    @Test
    public void moreWorkerThreadsTakeEffectForCallsAlreadyQueued() throws Exception {
        DatabaseHandler h = handler("grow", "db", "allowed-functions", "*", "worker-threads", "1");
        Client c = client();
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            for (int i = 0; i < 3; i++) {
                c.send("db.test", call("cc.wait_lock", null, "one", null));
            }
            await("one runs, two wait in the queue", () -> Fixture.waiting(admin, "grow") == 1 && h.inFlight() == 3);

            h.modified(config("grow", "db", "allowed-functions", "*", "worker-threads", "3"));

            await("all three run at once", () -> Fixture.waiting(admin, "grow") == 3);
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        for (int i = 0; i < 3; i++) {
            assertOk(c.receive());
        }
        assertEquals(3, h.connections());
    }

    @Test
    public void fewerWorkerThreadsCloseTheSurplusConnections() throws Exception {
        DatabaseHandler h = handler("shrink", "db", "allowed-functions", "*", "worker-threads", "3");
        Client c = client();
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            for (int i = 0; i < 3; i++) {
                c.send("db.test", call("cc.wait_lock", null, "one", null));
            }
            await("three connections in use", () -> Fixture.waiting(admin, "shrink") == 3);
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        for (int i = 0; i < 3; i++) {
            assertOk(c.receive());
        }
        await("all three back in the pool", () -> h.inFlight() == 0);

        h.modified(config("shrink", "db", "allowed-functions", "*", "worker-threads", "1"));

        assertEquals(1, h.connections());
        await("surplus sessions ended", () -> Fixture.sessions(admin, "shrink") == 1);
        assertOk(c.call("db.test", call("cc.add", "[1, 2]", "one", null)));
    }

    @Test
    public void allowedFunctionsChangeForTheNextCall() throws Exception {
        DatabaseHandler h = handler("allow", "db", "allowed-functions", "*");
        Client c = client();
        assertOk(c.call("db.test", call("cc.series", "[1]", "one", null)));
        h.modified(config("allow", "db", "allowed-functions", "cc.add"));
        assertError("not-allowed", c.call("db.test", call("cc.series", "[1]", "one", null)));
        assertOk(c.call("db.test", call("cc.add", "[1, 2]", "one", null)));
    }

    @Test
    public void anInvalidConfigurationIsRefusedNamingThePropertyAndTheOldOneKeepsServing() throws Exception {
        DatabaseHandler h = handler("keep", "db", "allowed-functions", "cc.whoami", "worker-threads", "2");
        Client c = client();
        String[][] invalid = {
            {"worker-threads", "0", "worker-threads must be between 1 and 256, was '0'"},
            {"worker-threads", "many", "worker-threads must be an integer, was 'many'"},
            {"queue-size", "-1", "queue-size must be between 0 and 1000000, was '-1'"},
            {"max-rows", "lots", "max-rows must be an integer, was 'lots'"},
            {"error-replies", "perhaps", "error-replies must be one of yes/no/true/false/on/off/1/0, was 'perhaps'"},
            {"allowed-functions", "cc.add; drop table x", "allowed-functions must be * or a list of function names"},
            {"db", "", "db is required"},
            {"db", "host=127.0.0.1 bogus=1", "db: unknown connection option 'bogus'"},
            {"db", "host=/var/run/postgresql", "db: Unix-domain sockets are not supported"},
            {"db", "host=127.0.0.1 port=99999", "db: port must be an integer from 1 to 65535, was '99999'"},
            {"db", "host=127.0.0.1 password='unterminated", "db: unterminated quoted value of 'password'"},
        };
        for (String[] bad : invalid) {
            Map<String, Object> props = config("keep", "db", "allowed-functions", "cc.whoami", "worker-threads", "2");
            props.put(bad[0], bad[1]);
            try {
                h.modified(props);
                fail("accepted " + bad[0] + " = " + bad[1]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith(bad[2]));
                assertFalse("no secret in the message: " + e.getMessage(), e.getMessage().contains("secret"));
            }
            assertEquals("still the old configuration", "[\"postgres:ccflux_app\"]",
                    c.call("db.test", call("cc.whoami", null, "one", null)).body.get("data").toString());
        }
    }

    @Test
    public void aFullQueueAnswersOverflowAndCountsItWhileOtherHandlersKeepReceiving() throws Exception {
        DatabaseHandler h = handler("full", "db", "allowed-functions", "*", "worker-threads", "1", "queue-size", "2");
        List<CcMessage> elsewhere = recorder("log");
        Client c = client();
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            c.send("db.test", call("cc.wait_lock", null, "one", "\"running\""));
            await("the first call runs and blocks", () -> Fixture.waiting(admin, "full") == 1);
            c.send("db.test", call("cc.wait_lock", null, "one", "\"queued-1\""));
            c.send("db.test", call("cc.wait_lock", null, "one", "\"queued-2\""));
            for (int i = 1; i <= 3; i++) {
                c.send("db.test", call("cc.wait_lock", null, "one", "\"over-" + i + "\""));
            }
            for (int i = 1; i <= 3; i++) {
                Client.Reply r = c.receive();
                assertError("overflow", r);
                assertEquals("over-" + i, r.body.get("ident").textValue());
            }
            assertEquals(3, server.get("db.full.count.error.overflow"));
            assertEquals(3, h.inFlight());

            for (int i = 0; i < 50; i++) {
                c.send("log.info", "{\"req\": \"log.info\", \"n\": " + i + "}");
            }
            await("routing to other handlers goes on while the database is stuck", () -> elsewhere.size() == 50);
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        Map<String, String> done = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Client.Reply r = c.receive();
            done.put(r.body.get("ident").textValue(), r.type);
        }
        assertEquals(Map.of("running", "reply.db.test", "queued-1", "reply.db.test", "queued-2", "reply.db.test"), done);
        assertEquals(6, server.get("db.full.count.received"));
    }

    @Test
    public void deactivationAbortsWhatStillRunsAnswersWhatNeverRanAndLeavesNoThreads() throws Exception {
        DatabaseHandler h = new DatabaseHandler(server, server, config("stop", "db", "allowed-functions", "*", "worker-threads", "1"));
        h.shutdownGraceMillis = 100;
        server.bind("stop", "db", "inline", h);
        Client c = client();
        try (Statement lock = admin.createStatement()) {
            lock.execute("select pg_advisory_lock(" + Fixture.LOCK_KEY + ")");
            c.send("db.test", call("cc.wait_lock", null, "one", "\"running\""));
            await("blocked in the database", () -> Fixture.waiting(admin, "stop") == 1);
            c.send("db.test", call("cc.wait_lock", null, "one", "\"queued\""));
            await("queued", () -> h.inFlight() == 2);

            h.deactivate();

            Map<String, String> reasons = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                Client.Reply r = c.receive();
                reasons.put(r.body.get("ident").textValue(), r.reason());
            }
            assertEquals(Map.of("running", "connection-lost", "queued", "shutdown"), reasons);
            lock.execute("select pg_advisory_unlock(" + Fixture.LOCK_KEY + ")");
        }
        await("no ccflux-db-stop-* thread left", () -> dbThreads("stop").isEmpty());
        await("its session ended", () -> Fixture.sessions(admin, "stop") == 0);
    }

    private static List<String> dbThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("ccflux-db-" + name + "-")).collect(java.util.stream.Collectors.toList());
    }
}
