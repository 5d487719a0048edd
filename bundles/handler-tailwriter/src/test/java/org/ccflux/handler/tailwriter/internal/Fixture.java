package org.ccflux.handler.tailwriter.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.api.CcMessage;
import org.ccflux.core.testing.Await;
import org.ccflux.handler.files.testing.Gate;
import org.ccflux.handler.files.testing.HandlerFixture;

/**
 * Test rule: tailwriter instances on real temp directories, with a recording {@code CcStats} and a
 * {@link ManualClock}; every handler started here is deactivated (lanes drained, files closed, timers stopped)
 * after the test.
 */
final class Fixture extends HandlerFixture<TailWriterHandler> {
    final ManualClock clock = new ManualClock(ZoneOffset.UTC);
    /** The next {@code fpos} per source file, for {@link #piece}. */
    private final Map<String, AtomicLong> positions = new ConcurrentHashMap<>();

    Fixture() {
        super("tailwriter", "pub.logtail", "count.appended", List.of("count.gap", "count.overlap"), TailWriterHandler::deactivate);
    }

    @Override
    public TailWriterHandler start(String name, Gate gate, Map<String, Object> props) {
        LaneWriter.WriteGate seam = gate == null ? LaneWriter.WriteGate.OPEN : gate::beforeWrite;
        return start(name, seam, props);
    }

    TailWriterHandler start(String name, LaneWriter.WriteGate gate, Map<String, Object> props) {
        return started(new TailWriterHandler(this, props, clock, gate));
    }

    @Override
    public void reconfigure(TailWriterHandler handler, Map<String, Object> props) {
        handler.modified(props);
    }

    @Override
    public int laneCount(TailWriterHandler handler) {
        return handler.laneCount();
    }

    /** The next chunk of the source: its {@code fpos} is where the one before ended, so no sync is lost. */
    @Override
    public CcMessage piece(String hostname, String filepath, String content) {
        long fpos = positions.computeIfAbsent(hostname + '\0' + filepath, k -> new AtomicLong())
                .getAndAdd(content.getBytes(StandardCharsets.UTF_8).length);
        return Logtail.of(hostname, filepath, fpos, content).message();
    }

    /** The tailwriter appends: all pieces, in order. */
    @Override
    public String contentAfter(List<String> pieces) {
        return String.join("", pieces);
    }

    /**
     * Runs the maintenance now and waits for it: it is queued behind every chunk handed over so far, so when
     * this returns those chunks have been handled too. The deadline only guards against a hang.
     */
    static void maintain(TailWriterHandler h) throws Exception {
        h.maintainNow().get(Await.DEFAULT_MILLIS, TimeUnit.MILLISECONDS);
    }
}
