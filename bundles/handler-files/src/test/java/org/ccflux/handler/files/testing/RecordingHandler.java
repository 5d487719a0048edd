package org.ccflux.handler.files.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageHandler;

/** A handler that keeps what it is given: a probe that routing to other handlers still works. */
public final class RecordingHandler implements MessageHandler {
    public final List<CcMessage> seen = new CopyOnWriteArrayList<>();

    @Override
    public void handle(CcMessage message) {
        seen.add(message);
    }
}
