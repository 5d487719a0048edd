package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ccflux.handler.files.testing.ReconfigurationContract;
import org.junit.Test;

/**
 * Config Admin updates ({@code @Modified}) while chunks flow: none lost, each source in order, bad ones refused (the
 * contract every file-writing handler keeps, {@link ReconfigurationContract}), with the tailwriter's own options and
 * its rotated files.
 */
public class LiveReconfigurationTest extends ReconfigurationContract<TailWriterHandler> {
    private final Fixture fixture;

    public LiveReconfigurationTest() {
        this(new Fixture());
    }

    private LiveReconfigurationTest(Fixture fixture) {
        super(fixture);
        this.fixture = fixture;
    }

    @Override
    protected String[] ownOptions() {
        return new String[] {"maint-period", "3600"};
    }

    @Override
    protected String[][] ownInvalidOptions() {
        return new String[][] {{"maint-period", "0"}, {"buffer-bytes", "lots"}};
    }

    @Test
    public void aRotatedSourceKeepsItsFileAcrossAChangeOfWorkerThreads() throws Exception {
        Path dst = tmp.newFolder("dst").toPath();
        TailWriterHandler h = fx.start("rot", dst, "worker-threads", "2");
        h.handle(Logtail.of("h", "pg.log", 0, "before\n").rotated().message());
        h.modified(fx.props("rot", dst, "worker-threads", "5"));
        fixture.clock.advance(Duration.ofSeconds(10));
        h.handle(Logtail.of("h", "pg.log", 7, "after\n").rotated().message());
        h.handle(Logtail.of("h", "pg.log", 99, "gap\n").rotated().message());
        fx.stop(h);
        assertEquals(List.of("h--pg.log.2024-05-06_07-08-09"), tree(dst));
        assertEquals("before\nafter\ngap\n", read(dst.resolve("h--pg.log.2024-05-06_07-08-09")));
        assertEquals("the sync state moved along too", 1, fx.get("rot", "count.gap"));
        assertEquals(99 - 13, fx.get("rot", "bytes.gap"));
    }
}
