package org.ccflux.handler.files.testing;

import static org.ccflux.handler.files.testing.HandlerFixture.await;
import static org.ccflux.handler.files.testing.HandlerFixture.read;
import static org.ccflux.handler.files.testing.HandlerFixture.threadNames;
import static org.ccflux.handler.files.testing.HandlerFixture.threads;
import static org.ccflux.handler.files.testing.HandlerFixture.tree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ccflux.api.MessageHandler;
import org.junit.Test;

/**
 * What every file-writing handler guarantees when Config Admin updates it ({@code @Modified}) while messages flow:
 * none lost, order per file kept across a change of lanes, queued messages written as they were resolved, an
 * invalid update refused naming the property with the running configuration kept, and a change of routes alone
 * leaving the lanes alone. A handler's {@code LiveReconfigurationTest} extends this with its fixture and its own
 * options, and adds what is its own.
 *
 * @param <H> the handler
 */
public abstract class ReconfigurationContract<H extends MessageHandler> extends HandlerContract<H> {
    private static final int FILES = 20;

    protected ReconfigurationContract(HandlerFixture<H> fixture) {
        super(fixture);
    }

    /** @return options of the handler's own, each pair refused by a configuration update, naming the option */
    protected String[][] ownInvalidOptions() {
        return new String[0][];
    }

    /** @return options of the handler's own that the running configuration has, for {@link #assertOwnOptionsKept} */
    protected String[] ownOptions() {
        return new String[0];
    }

    /** Checks that {@link #ownOptions()} still applied to what was written under {@code dstdir} after refused updates. */
    protected void assertOwnOptionsKept(Path dstdir) throws Exception {
    }

    @Test
    public void changingDstdirAndWorkerThreadsWhileMessagesFlowLosesNoneAndKeepsPerFileOrder() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        H h = fx.start("live", a);
        List<List<String>> sent = new ArrayList<>(); // the sender thread's, read after it ended
        for (int f = 0; f < FILES; f++) {
            sent.add(new ArrayList<>());
        }
        FlowingSender sender = new FlowingSender(FILES, (r, f) -> {
            String content = "file " + f + " round " + r + "\n";
            h.handle(fx.piece("h", "f" + f, content));
            sent.get(f).add(content);
        }, () -> fx.processed("live"));

        sender.afterMoreRounds(5);
        fx.reconfigure(h, fx.props("live", a, "worker-threads", "3"));
        assertEquals(3, fx.laneCount(h));
        sender.afterMoreRounds(5);
        fx.reconfigure(h, fx.props("live", b, "worker-threads", "3"));
        sender.afterMoreRounds(5);
        fx.reconfigure(h, fx.props("live", b, "worker-threads", "7", "queue-size", "5000"));
        sender.afterMoreRounds(5);
        try {
            fx.reconfigure(h, fx.props("live", a, "worker-threads", "0"));
            fail("accepted worker-threads = 0");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("worker-threads must be between 1 and 256"));
        }
        sender.afterMoreRounds(5);
        sender.stop();
        fx.stop(h);

        assertEquals("every message accounted for", sender.sent(), fx.processed("live"));
        assertEquals("none lost", sender.sent(), fx.get("live", fx.writtenCounter()));
        assertEquals("order per file kept across lane changes", 0, fx.outOfOrder("live"));
        assertEquals(7, fx.laneCount(h));
        for (int f = 0; f < FILES; f++) {
            assertMovedOnce(sent.get(f), read(a.resolve("h--f" + f)), read(b.resolve("h--f" + f)));
        }
    }

    /** The file was written in {@code a} up to some piece and in {@code b} from the next one: nothing twice, nothing missing. */
    private void assertMovedOnce(List<String> pieces, String inA, String inB) {
        for (int k = 1; k < pieces.size(); k++) {
            if (fx.contentAfter(pieces.subList(0, k)).equals(inA) && fx.contentAfter(pieces.subList(k, pieces.size())).equals(inB)) {
                return;
            }
        }
        fail("not the pieces " + pieces + " split between a and b: a has '" + inA + "', b has '" + inB + "'");
    }

    @Test
    public void queuedMessagesKeepTheConfigurationTheyArrivedUnder() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.newFolder("b").toPath();
        Gate gate = Gate.all();
        H h = fx.start("q", gate, fx.props("q", a));
        h.handle(fx.piece("h", "before", "1"));
        await("held", () -> gate.held.get() == 1);
        fx.reconfigure(h, fx.props("q", b, "host-subdirs", "yes"));
        h.handle(fx.piece("h", "after", "2"));
        gate.open();
        fx.stop(h);
        assertEquals(List.of("h--before"), tree(a));
        assertEquals(List.of("h/after"), tree(b));
    }

    @Test
    public void newLanesWaitForTheOldOnesSoAMessageQueuedBeforeTheChangeIsWrittenFirst() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        Gate gate = Gate.first(1);
        H h = fx.start("barrier", gate, fx.props("barrier", dst, "worker-threads", "2"));
        h.handle(fx.piece("h", "f", "older\n"));
        await("the old lane holds it", () -> gate.held.get() == 1);
        fx.reconfigure(h, fx.props("barrier", dst, "worker-threads", "5"));
        h.handle(fx.piece("h", "f", "newer\n"));
        gate.open();
        fx.stop(h);
        assertEquals(fx.contentAfter(List.of("older\n", "newer\n")), read(dst.resolve("h--f")));
        assertEquals(2, fx.get("barrier", fx.writtenCounter()));
        assertEquals(0, fx.outOfOrder("barrier"));
        await("no thread left", () -> threads("ccflux-" + fx.kind() + "-barrier-") == 0);
    }

    @Test
    public void anInvalidConfigurationIsRefusedNamingThePropertyAndTheRunningOneStays() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        Path b = tmp.getRoot().toPath().resolve("b");
        List<String> running = new ArrayList<>(List.of("host-subdirs", "yes", "worker-threads", "4"));
        running.addAll(List.of(ownOptions()));
        H h = fx.start("keep", a, running.toArray(new String[0]));
        List<String[]> bad = new ArrayList<>(List.of(new String[][] {{"write-compressed", "maybe"}, {"write-compressed", "yes", "compression", "bzip2"},
            {"dstmask", "%(hostname)s"}, {"worker-threads", "-3"}}));
        bad.addAll(List.of(ownInvalidOptions()));
        List<String> expected = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (String[] options : bad) {
            expected.add(options[options.length - 2]);
            refuse(h, fx.props("keep", b, options), refusals);
        }
        expected.add("dstdir");
        refuse(h, Map.of("handler.name", "keep", "dstdir", ""), refusals);
        assertEquals(expected, refusals);
        assertEquals(4, fx.laneCount(h));

        h.handle(fx.piece("h", "f", "still "));
        h.handle(fx.piece("h", "f", "here\n"));
        fx.stop(h);
        assertEquals("the old dstdir and mask still apply", fx.contentAfter(List.of("still ", "here\n")), read(a.resolve("h/f")));
        assertOwnOptionsKept(a);
        assertFalse(Files.exists(b));
    }

    private void refuse(H h, Map<String, Object> props, List<String> refusals) {
        try {
            fx.reconfigure(h, props);
            fail("accepted " + props);
        } catch (IllegalArgumentException e) {
            refusals.add(e.getMessage().substring(0, e.getMessage().indexOf(' ')));
        }
    }

    @Test
    public void aChangeOfRoutesAloneKeepsTheLanes() throws Exception {
        Path a = tmp.newFolder("a").toPath();
        H h = fx.start("routes", a, "worker-threads", "2");
        h.handle(fx.piece("h", "f", "x\n"));
        await("written", () -> fx.get("routes", fx.writtenCounter()) == 1);
        Set<String> before = threadNames("ccflux-" + fx.kind() + "-routes-");
        Map<String, Object> props = fx.props("routes", a, "worker-threads", "2");
        props.put("routes", fx.routes() + ", pub.other");
        fx.reconfigure(h, props);
        h.handle(fx.piece("h", "f", "y\n"));
        await("written", () -> fx.get("routes", fx.writtenCounter()) == 2);
        assertEquals("the same lane threads", before, threadNames("ccflux-" + fx.kind() + "-routes-"));
        fx.stop(h);
        assertEquals(fx.contentAfter(List.of("x\n", "y\n")), read(a.resolve("h--f")));
    }
}
