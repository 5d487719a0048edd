package org.ccflux.handler.infowriter.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ccflux.api.CcMessage;
import org.ccflux.handler.files.testing.Gate;
import org.ccflux.handler.files.testing.HandlerFixture;

/**
 * Test rule: infowriter instances on real temp directories, with a recording {@code CcStats}; every handler
 * started here is deactivated (its lanes drained and stopped) after the test.
 */
final class Fixture extends HandlerFixture<InfoWriterHandler> {
    private final AtomicLong mtime = new AtomicLong(100);

    Fixture() {
        super("infowriter", "pub.infofile", "count.written", List.of("count.skipped"), InfoWriterHandler::deactivate);
    }

    @Override
    public InfoWriterHandler start(String name, Gate gate, Map<String, Object> props) {
        InfoWriterHandler.WriteGate seam = gate == null ? InfoWriterHandler.WriteGate.OPEN : gate::beforeWrite;
        return start(name, seam, props);
    }

    InfoWriterHandler start(String name, InfoWriterHandler.WriteGate gate, Map<String, Object> props) {
        return started(new InfoWriterHandler(this, props, gate));
    }

    @Override
    public void reconfigure(InfoWriterHandler handler, Map<String, Object> props) {
        handler.modified(props);
    }

    @Override
    public int laneCount(InfoWriterHandler handler) {
        return handler.laneCount();
    }

    /** A newer mtime every time, so that each piece replaces the one before. */
    @Override
    public CcMessage piece(String hostname, String filepath, String content) {
        return Infofile.of(hostname, filepath, Long.toString(mtime.incrementAndGet()), content).message();
    }

    /** The infowriter replaces the file: the last piece. */
    @Override
    public String contentAfter(List<String> pieces) {
        return pieces.get(pieces.size() - 1);
    }
}
