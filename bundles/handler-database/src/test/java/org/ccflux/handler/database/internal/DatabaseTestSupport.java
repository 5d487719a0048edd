package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.ccflux.handler.database.testing.PostgresCluster;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.zeromq.ZContext;

/**
 * Shared plumbing of the tests against real PostgreSQL: a core server on loopback per test, database handlers bound
 * into it inline (as their component declares), DEALER clients, and polling waits. Each test class gets a fresh
 * cluster ({@link #PG}, a class rule) with {@link Fixture} installed.
 */
public abstract class DatabaseTestSupport {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ZContext zmq = new ZContext(1);
    protected LoopbackServer server;
    protected Connection admin;

    @ClassRule
    public static final PostgresCluster PG = new PostgresCluster();

    @BeforeClass
    public static void schema() throws Exception {
        Fixture.install(PG);
    }

    @Before
    public void startServer() throws Exception {
        server = track(new LoopbackServer());
        admin = track(PG.admin("postgres"));
    }

    @After
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zmq.close();
    }

    protected <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    /** A handler instance {@code name} on {@code routes}, connected as the application role to database {@code postgres}. */
    protected DatabaseHandler handler(String name, String routes, String... keyValues) {
        DatabaseHandler h = new DatabaseHandler(server, server, config(name, routes, keyValues));
        open.add(h::deactivate);
        return server.bind(name, routes, "inline", h);
    }

    protected Map<String, Object> config(String name, String routes, String... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("handler.name", name);
        props.put("routes", routes);
        props.put("db", Fixture.conninfo(PG, "postgres"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** Another handler on the same server, to show routing to it goes on whatever the database does. */
    protected List<CcMessage> recorder(String routes) {
        List<CcMessage> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        MessageHandler h = seen::add;
        server.bind("recorder", routes, "inline", h);
        return seen;
    }

    protected Client client() {
        return new Client(zmq, server.endpoint);
    }

    /** A request body. */
    protected static String call(String function, String params, String returnMode, String ident) {
        StringBuilder b = new StringBuilder("{\"req\": \"db.test\", \"function\": \"").append(function).append('"');
        if (params != null) {
            b.append(", \"params\": ").append(params);
        }
        if (returnMode != null) {
            b.append(", \"return\": \"").append(returnMode).append('"');
        }
        if (ident != null) {
            b.append(", \"ident\": ").append(ident);
        }
        return b.append('}').toString();
    }

    protected static void assertOk(Client.Reply reply) {
        assertEquals("expected a reply, got " + reply, "reply.db.test", reply.type);
    }

    protected static void assertError(String reason, Client.Reply reply) {
        assertEquals("error type: " + reply, "error.db.test", reply.type);
        assertEquals("reason: " + reply, reason, reply.reason());
    }

    /** {@link Await#until} for conditions that query the database (and may throw); fails after {@link Client#DEADLINE_MS}. */
    protected static void await(String what, Callable<Boolean> condition) {
        Await.until(what, Duration.ofMillis(Client.DEADLINE_MS), () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new AssertionError("checking whether " + what + ": " + e, e);
            }
        });
    }
}
