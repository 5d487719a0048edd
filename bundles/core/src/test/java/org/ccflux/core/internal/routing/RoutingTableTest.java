package org.ccflux.core.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ccflux.core.internal.CoreTestSupport.FakeTarget;
import org.junit.Test;

/** CC's routing rule (reference §3) on an immutable snapshot. */
public class RoutingTableTest {
    private final FakeTarget all = new FakeTarget("all");
    private final FakeTarget pub = new FakeTarget("pub");
    private final FakeTarget pubInfo = new FakeTarget("pubInfo");
    private final FakeTarget log = new FakeTarget("log");

    private static List<String> names(Target[] targets) {
        List<String> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(t.name());
        }
        return out;
    }

    @Test
    public void emptyTableRoutesNothing() {
        assertEquals(0, RoutingTable.EMPTY.lookup("log.info").length);
        assertEquals(Map.of(), RoutingTable.EMPTY.describe());
    }

    @Test
    public void everyPrefixFromStarToTheFullTypeShortestFirst() {
        RoutingTable t = new RoutingTable.Builder()
                .add("pub.infofile", pubInfo, 0, 3)
                .add("pub", pub, 0, 2)
                .add("*", all, 0, 1)
                .build();
        assertEquals(List.of("all", "pub", "pubInfo"), names(t.lookup("pub.infofile")));
        assertEquals(List.of("all", "pub", "pubInfo"), names(t.lookup("pub.infofile.confdb")));
        assertEquals(List.of("all", "pub"), names(t.lookup("pub.other")));
        assertEquals(List.of("all", "pub"), names(t.lookup("pub")));
        assertEquals(List.of("all"), names(t.lookup("log.info")));
    }

    @Test
    public void handlersAreFoundByNameUnlessTwoShareIt() {
        FakeTarget first = new FakeTarget("twin");
        FakeTarget second = new FakeTarget("twin");
        RoutingTable.Builder b = new RoutingTable.Builder().add("pub", pub, 0, 1).name(pub).name(first).name(second);
        RoutingTable t = b.build();
        assertSame(pub, t.named("pub"));
        assertNull("an ambiguous name reaches nobody", t.named("twin"));
        assertEquals(java.util.Set.of("twin"), b.ambiguousNames());
        assertNull(t.named("nobody"));
    }

    @Test
    public void notLongestMatch() {
        // pub = h:a and pub.infofile = h:b both receive pub.infofile, a first.
        RoutingTable t = new RoutingTable.Builder().add("pub", pub, 0, 1).add("pub.infofile", pubInfo, 0, 2).build();
        assertEquals(List.of("pub", "pubInfo"), names(t.lookup("pub.infofile")));
    }

    @Test
    public void matchingIsWholeComponent() {
        RoutingTable t = new RoutingTable.Builder().add("pub", pub, 0, 1).add("log.info", log, 0, 2).build();
        assertEquals(0, t.lookup("public.x").length);
        assertEquals(0, t.lookup("publ").length);
        assertEquals(0, t.lookup("log").length);
        assertEquals(0, t.lookup("log.infos").length);
        assertEquals(0, t.lookup("Pub.x").length); // case-sensitive
        assertEquals(List.of("log"), names(t.lookup("log.info.x")));
    }

    @Test
    public void aMiddlePrefixAloneMatches() {
        RoutingTable t = new RoutingTable.Builder().add("a.b", log, 0, 1).build();
        assertEquals(List.of("log"), names(t.lookup("a.b.c.d")));
        assertEquals(0, t.lookup("a").length);
        assertEquals(0, t.lookup("a.c.b").length);
    }

    @Test
    public void aTargetUnderTwoMatchingPrefixesIsReturnedTwice() {
        RoutingTable t = new RoutingTable.Builder().add("*", log, 0, 1).add("log", log, 0, 1).add("log.info", log, 0, 1).build();
        assertEquals(List.of("log", "log", "log"), names(t.lookup("log.info")));
        assertEquals(List.of("log", "log"), names(t.lookup("log.warning")));
    }

    @Test
    public void allTargetsOfAPrefixByRankingDescendingThenServiceIdAscending() {
        FakeTarget a = new FakeTarget("a");
        FakeTarget b = new FakeTarget("b");
        FakeTarget c = new FakeTarget("c");
        FakeTarget d = new FakeTarget("d");
        RoutingTable t = new RoutingTable.Builder()
                .add("log", a, 0, 7)
                .add("log", b, 10, 9)
                .add("log", c, 0, 3)
                .add("log", d, -5, 1)
                .build();
        assertEquals(List.of("b", "c", "a", "d"), names(t.lookup("log.info")));
    }

    @Test
    public void extremeRankingsKeepTheirOrder() {
        FakeTarget lowest = new FakeTarget("lowest");
        FakeTarget zero = new FakeTarget("zero");
        FakeTarget highest = new FakeTarget("highest");
        RoutingTable t = new RoutingTable.Builder()
                .add("log", lowest, Integer.MIN_VALUE, 1)
                .add("log", zero, 0, 2)
                .add("log", highest, Integer.MAX_VALUE, 3)
                .build();
        assertEquals(List.of("highest", "zero", "lowest"), names(t.lookup("log")));
    }

    @Test
    public void aSinglePrefixHitReturnsItsTargetsInOrder() {
        RoutingTable t = new RoutingTable.Builder().add("log", log, 0, 1).add("log", pub, 0, 2).build();
        Target[] found = t.lookup("log.info");
        assertEquals(List.of("log", "pub"), names(found));
        assertSame(log, found[0]);
    }

    @Test
    public void laterBuilderChangesDoNotLeakIntoABuiltTable() {
        RoutingTable.Builder b = new RoutingTable.Builder().add("log", log, 0, 1);
        RoutingTable first = b.build();
        b.add("log", pub, 0, 2);
        assertEquals(List.of("log"), names(first.lookup("log")));
        assertEquals(List.of("log", "pub"), names(b.build().lookup("log")));
    }

    @Test
    public void describeListsPrefixesSortedWithTargetNames() {
        RoutingTable t = new RoutingTable.Builder().add("pub", pub, 0, 2).add("*", all, 0, 1).add("pub", log, 1, 3).build();
        Map<String, List<String>> d = t.describe();
        assertEquals(List.of("*", "pub"), new ArrayList<>(d.keySet()));
        assertEquals(List.of("log", "pub"), d.get("pub"));
    }
}
