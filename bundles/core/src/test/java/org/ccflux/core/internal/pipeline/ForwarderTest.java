package org.ccflux.core.internal.pipeline;

import static org.ccflux.core.internal.CoreTestSupport.message;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.HandlerExecution;
import org.ccflux.core.internal.CoreTestSupport.RecordingHandler;
import org.ccflux.core.testing.Await;
import org.ccflux.core.testing.LoopbackServer;
import org.junit.After;
import org.junit.Test;

/** CcForwarder on a real server: by name, on the socket thread, to inline and worker handlers, and refusals. */
public class ForwarderTest {
    private final LoopbackServer server = new LoopbackServer();

    @After
    public void close() {
        server.close();
    }

    private boolean forward(String name, String type) throws Exception {
        return server.forward(name, message(type)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void aHandlerWithoutRoutesGetsForwardedMessagesOnTheSocketThread() throws Exception {
        RecordingHandler target = server.bind(new RecordingHandler(), Map.of("handler.name", "target", "handler.execution",
                HandlerExecution.INLINE));
        assertTrue(forward("target", "log.info"));
        assertTrue(forward("target", "log.warning"));
        assertEquals(List.of("log.info", "log.warning"), target.types());
        assertEquals("an inline handler is called on the socket thread, whoever forwards",
                List.of("ccflux-socket", "ccflux-socket"), target.threads);
    }

    @Test
    public void aWorkerHandlerGetsItQueued() throws Exception {
        RecordingHandler target = server.bind("worker", "", HandlerExecution.WORKER, new RecordingHandler());
        assertTrue(forward("worker", "log.info"));
        Await.until("the worker lane delivered it", () -> !target.received.isEmpty());
        assertEquals(List.of("log.info"), target.types());
    }

    @Test
    public void unknownAndAmbiguousNamesAreRefused() throws Exception {
        server.bind("twin", "", new RecordingHandler());
        server.bind("twin", "", new RecordingHandler());
        assertFalse(forward("nobody", "log.info"));
        assertFalse(forward("twin", "log.info"));
    }

    @Test
    public void whatAnInlineHandlerThrowsFailsTheForward() throws Exception {
        server.bind("broken", "", new RecordingHandler(m -> {
            throw new IllegalStateException("bug");
        }));
        try {
            forward("broken", "log.info");
            fail("the handler's exception must reach the caller");
        } catch (ExecutionException e) {
            assertEquals("bug", e.getCause().getMessage());
        }
    }
}
