package org.ccflux.core.internal.routing;

import static org.ccflux.core.internal.CoreTestSupport.handler;
import static org.ccflux.core.internal.CoreTestSupport.props;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ccflux.core.internal.CoreTestSupport.FakeTarget;
import org.ccflux.core.internal.CoreTestSupport.RecordingHandler;
import org.ccflux.core.internal.config.Role;
import org.junit.Test;

/** The whiteboard: bind, update and unbind swap the routing snapshot; bad registrations never throw. */
public class HandlerRegistryTest {
    private final List<FakeTarget> created = new ArrayList<>();
    private final RecordingHandler h1 = new RecordingHandler();
    private final RecordingHandler h2 = new RecordingHandler();

    private HandlerRegistry registry(Role role) {
        return new HandlerRegistry(role, (spec, h) -> {
            FakeTarget t = new FakeTarget(spec.name);
            created.add(t);
            return t;
        });
    }

    private static List<String> route(HandlerRegistry r, String type) {
        List<String> out = new ArrayList<>();
        for (Target t : r.table().lookup(type)) {
            out.add(t.name());
        }
        return out;
    }

    @Test
    public void bindPublishesRoutes() {
        HandlerRegistry r = registry(Role.INSECURE);
        RoutingTable before = r.table();
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        r.bind(h2, handler(2L, "*, log.info", "handler.name", "b"));
        assertNotSame(before, r.table());
        assertEquals(List.of("b", "a", "b"), route(r, "log.info"));
        assertEquals(List.of("b"), route(r, "echo.request"));
        assertEquals(2, r.specs().size());
        assertEquals(2, created.size());
    }

    @Test
    public void anInvalidBindIsIgnoredAndOthersKeepServing() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "good"));
        RoutingTable before = r.table();

        r.bind(h2, handler(2L, "pub.*", "handler.name", "bad", "component.name", "BadHandler"));
        r.bind(h2, handler(3L, "log", "handler.name", "bad", "handler.concurrency", "0"));

        assertSame("an ignored bind must not rebuild", before, r.table());
        assertEquals(List.of("good"), route(r, "log.info"));
        assertEquals(0, r.table().lookup("pub.x").length);
        assertEquals(1, r.specs().size());
        assertEquals("no target is created for an ignored handler", 1, created.size());
    }

    @Test
    public void updateReroutesAndKeepsTheTargetWhenExecutionIsUnchanged() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        FakeTarget first = created.get(0);

        r.updated(h1, handler(1L, "pub", "handler.name", "a"));

        assertEquals(0, r.table().lookup("log.info").length);
        assertEquals(List.of("a"), route(r, "pub.infofile"));
        assertSame(first, r.table().lookup("pub")[0]);
        assertEquals(1, created.size());
        assertFalse(first.closed);
    }

    @Test
    public void updateWithAnotherExecutionReplacesAndClosesTheOldTarget() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        r.updated(h1, handler(1L, "log", "handler.name", "a", "handler.execution", "inline"));

        assertEquals(2, created.size());
        assertTrue(created.get(0).closed);
        assertFalse(created.get(1).closed);
        assertSame(created.get(1), r.table().lookup("log")[0]);
    }

    @Test
    public void anInvalidUpdateKeepsThePreviousRoutesServing() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        RoutingTable before = r.table();

        r.updated(h1, handler(1L, "log.", "handler.name", "a"));
        r.updated(h1, handler(1L, "log", "handler.name", "a", "handler.concurrency", "0"));

        assertSame(before, r.table());
        assertEquals(List.of("a"), route(r, "log.info"));
        assertEquals(List.of("log"), r.specs().get(0).routes);
        assertFalse(created.get(0).closed);
    }

    @Test
    public void anUpdateOfAnUnknownHandlerBindsIt() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.updated(h1, handler(9L, "echo", "handler.name", "late"));
        assertEquals(List.of("late"), route(r, "echo.request"));
    }

    @Test
    public void unbindRemovesRoutesAndClosesTheTarget() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        r.bind(h2, handler(2L, "log", "handler.name", "b"));

        r.unbind(h1, handler(1L, "log"));

        assertEquals(List.of("b"), route(r, "log.info"));
        assertTrue(created.get(0).closed);
        assertFalse(created.get(1).closed);
        r.unbind(h2, props("service.id", "2")); // string ids work as well
        assertEquals(0, r.table().lookup("log.info").length);
        assertTrue(r.specs().isEmpty());
    }

    @Test
    public void unbindOfAnUnknownHandlerIsHarmless() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        RoutingTable before = r.table();
        r.unbind(h2, handler(77L, "log"));
        assertSame(before, r.table());
    }

    @Test
    public void aRemoteOnlyHandlerGetsNoRoutesInALocalServer() {
        HandlerRegistry r = registry(Role.LOCAL);
        r.bind(h1, handler(1L, "pub.infofile", "handler.name", "infowriter", "cc.roles", "remote"));
        r.bind(h2, handler(2L, "pub", "handler.name", "both"));
        assertEquals(List.of("both"), route(r, "pub.infofile"));
        assertEquals("it stays bound, only unrouted", 2, r.specs().size());
    }

    @Test
    public void insecureRunsEveryHandler() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "pub.infofile", "handler.name", "infowriter", "cc.roles", "remote"));
        r.bind(h2, handler(2L, "job", "handler.name", "jobmgr", "cc.roles", "local"));
        assertEquals(List.of("infowriter"), route(r, "pub.infofile"));
        assertEquals(List.of("jobmgr"), route(r, "job.start"));
    }

    @Test
    public void aRoleChangeRechecksEveryHandler() {
        HandlerRegistry r = registry(Role.REMOTE);
        r.bind(h1, handler(1L, "job", "handler.name", "jobmgr", "cc.roles", "local"));
        assertEquals(0, r.table().lookup("job.x").length);
        r.setRole(Role.LOCAL);
        assertEquals(List.of("jobmgr"), route(r, "job.x"));
        RoutingTable same = r.table();
        r.setRole(Role.LOCAL);
        assertSame("no change, no rebuild", same, r.table());
        r.setRole(Role.REMOTE);
        assertEquals(0, r.table().lookup("job.x").length);
    }

    @Test
    public void rankingDecidesOrderWithinAPrefix() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "low"));
        r.bind(h2, handler(2L, "log", "handler.name", "high", "service.ranking", 10));
        assertEquals(List.of("high", "low"), route(r, "log"));
    }

    @Test
    public void closeEmptiesTheTableAndClosesEveryTarget() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        r.bind(h2, handler(2L, "echo", "handler.name", "b"));
        r.close();
        assertSame(RoutingTable.EMPTY, r.table());
        assertTrue(created.get(0).closed);
        assertTrue(created.get(1).closed);
        assertTrue(r.specs().isEmpty());
    }

    @Test
    public void readersSeeAnImmutableSnapshot() {
        HandlerRegistry r = registry(Role.INSECURE);
        r.bind(h1, handler(1L, "log", "handler.name", "a"));
        RoutingTable snapshot = r.table();
        r.bind(h2, handler(2L, "log", "handler.name", "b"));
        assertEquals(1, snapshot.lookup("log").length);
        assertEquals(Map.of("log", List.of("a", "b")), r.table().describe());
    }
}
