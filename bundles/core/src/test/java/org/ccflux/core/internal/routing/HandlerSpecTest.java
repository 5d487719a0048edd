package org.ccflux.core.internal.routing;

import static org.ccflux.core.internal.CoreTestSupport.handler;
import static org.ccflux.core.internal.CoreTestSupport.props;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ccflux.core.internal.config.Role;
import org.junit.Test;

/** A handler's routing properties, parsed and validated. */
public class HandlerSpecTest {

    @Test
    public void defaults() {
        HandlerSpec s = new HandlerSpec(handler(42L, "log"));
        assertEquals(42L, s.serviceId);
        assertEquals(0, s.ranking);
        assertEquals(List.of("log"), s.routes);
        assertFalse(s.inline);
        assertEquals(1000, s.queueSize);
        assertEquals(1, s.concurrency);
        assertEquals(Set.of(Role.LOCAL, Role.REMOTE), s.roles);
        assertEquals("handler#42", s.name);
    }

    @Test
    public void readsEveryProperty() {
        HandlerSpec s = new HandlerSpec(handler(7L, "log, pub.infofile", "service.ranking", 5, "handler.execution", "INLINE",
                "handler.queue.size", "10", "handler.concurrency", 4, "cc.roles", new String[] {"remote"}, "handler.name", "main"));
        assertEquals(List.of("log", "pub.infofile"), s.routes);
        assertEquals(5, s.ranking);
        assertTrue(s.inline);
        assertEquals(10, s.queueSize);
        assertEquals(4, s.concurrency);
        assertEquals(Set.of(Role.REMOTE), s.roles);
        assertEquals("main", s.name);
    }

    @Test
    public void routesFromAnArrayOrACommaList() {
        Map<String, Object> p = handler(1L, "unused");
        p.put("routes", new String[] {"echo", "log.info, *"});
        assertEquals(List.of("echo", "log.info", "*"), new HandlerSpec(p).routes);
    }

    @Test
    public void nameFromTheFileInstallFactoryFileName() {
        assertEquals("main", nameFromFile("file:/opt/ccflux/deploy/org.ccflux.handler.echo-main.cfg"));
        assertEquals("main", nameFromFile("/opt/ccflux/deploy/org.ccflux.handler.echo-main.cfg"));
        assertEquals("main", nameFromFile("file:/etc/org.ccflux.handler.echo~main.cfg"));
        assertEquals("main", nameFromFile("file:/etc/org.ccflux.handler.echo-main.config"));
        // Factory PIDs have no hyphen, names may.
        assertEquals("to-central", nameFromFile("file:/etc/org.ccflux.handler.proxy-to-central.cfg"));
        assertEquals("my-name", nameFromFile("file:/etc/org.ccflux.handler.proxy~my-name.cfg"));
        assertEquals("org.ccflux.handler.single", nameFromFile("file:/etc/org.ccflux.handler.single.cfg"));
    }

    @Test
    public void nameFromTheServicePidOrTheComponentName() {
        assertEquals("b", new HandlerSpec(handler(1L, "log", "service.pid", "org.ccflux.handler.echo~b")).name);
        assertEquals("org.ccflux.Echo#3", new HandlerSpec(handler(3L, "log", "service.pid", "org.ccflux.handler.echo",
                "component.name", "org.ccflux.Echo")).name);
    }

    @Test
    public void anExplicitNameWins() {
        assertEquals("explicit", new HandlerSpec(handler(1L, "log", "handler.name", "explicit",
                "felix.fileinstall.filename", "file:/x/org.ccflux.handler.echo-main.cfg")).name);
    }

    @Test
    public void aHandlerWithoutRoutesIsAForwardingTargetOnly() {
        assertEquals(List.of(), new HandlerSpec(props("service.id", 1L)).routes);
        assertEquals(List.of(), new HandlerSpec(handler(1L, " , ")).routes);
    }

    @Test
    public void invalidPropertiesAreRefusedNamingTheProperty() {
        assertRefused(handler(1L, "pub.*"), "routes", "'pub.*'");
        assertRefused(handler(1L, "log..x"), "routes");
        assertRefused(handler(1L, "log", "handler.execution", "async"), "handler.execution", "inline or worker");
        assertRefused(handler(1L, "log", "handler.queue.size", "0"), "handler.queue.size");
        assertRefused(handler(1L, "log", "handler.concurrency", "many"), "handler.concurrency");
        assertRefused(handler(1L, "log", "handler.concurrency", "2000"), "handler.concurrency");
        assertRefused(handler(1L, "log", "cc.roles", "local, root"), "cc.roles", "'root'");
        assertRefused(handler(1L, "log", "service.ranking", "high"), "service.ranking");
    }

    @Test
    public void insecureRunsEveryHandlerOtherRolesOnlyTheirOwn() {
        HandlerSpec remoteOnly = new HandlerSpec(handler(1L, "log", "cc.roles", "remote"));
        assertTrue(remoteOnly.allowedIn(Role.REMOTE));
        assertFalse(remoteOnly.allowedIn(Role.LOCAL));
        assertTrue(remoteOnly.allowedIn(Role.INSECURE));
        HandlerSpec both = new HandlerSpec(handler(2L, "log"));
        assertTrue(both.allowedIn(Role.LOCAL));
        assertTrue(both.allowedIn(Role.REMOTE));
    }

    @Test
    public void sameExecutionComparesModeQueueAndConcurrencyOnly() {
        HandlerSpec a = new HandlerSpec(handler(1L, "log"));
        assertTrue(a.sameExecution(new HandlerSpec(handler(1L, "pub", "service.ranking", 3))));
        assertFalse(a.sameExecution(new HandlerSpec(handler(1L, "log", "handler.execution", "inline"))));
        assertFalse(a.sameExecution(new HandlerSpec(handler(1L, "log", "handler.queue.size", 5))));
        assertFalse(a.sameExecution(new HandlerSpec(handler(1L, "log", "handler.concurrency", 2))));
    }

    @Test
    public void toStringShowsNameRoutesAndExecution() {
        assertEquals("main routes=[log] inline", new HandlerSpec(handler(1L, "log", "handler.name", "main",
                "handler.execution", "inline")).toString());
        assertEquals("w routes=[a, b] worker(queue=5, concurrency=2)", new HandlerSpec(handler(1L, "a,b", "handler.name", "w",
                "handler.queue.size", 5, "handler.concurrency", 2)).toString());
    }

    private static String nameFromFile(String file) {
        return new HandlerSpec(handler(1L, "log", "felix.fileinstall.filename", file)).name;
    }

    private static void assertRefused(Map<String, Object> props, String... parts) {
        try {
            HandlerSpec s = new HandlerSpec(props);
            fail("accepted " + s);
        } catch (IllegalArgumentException e) {
            for (String part : parts) {
                assertTrue("'" + e.getMessage() + "' lacks '" + part + "'", e.getMessage().contains(part));
            }
        }
    }
}
