package org.ccflux.handler.echo.internal;

import static org.ccflux.handler.echo.internal.EchoTestSupport.b;
import static org.ccflux.handler.echo.internal.EchoTestSupport.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.handler.echo.internal.EchoTestSupport.ForwardingSender;
import org.ccflux.handler.echo.internal.EchoTestSupport.RecordingStats;
import org.junit.After;
import org.junit.Test;

/** The passive half of CC's echo (reference §6.2): echo.request → echo.response with orig_* fields. */
public class EchoHandlerTest {
    private final ForwardingSender sender = new ForwardingSender(m -> { });
    private final EchoHandler handler = new EchoHandler(sender, new RecordingStats(), Map.of());

    @After
    public void deactivate() {
        handler.deactivate();
    }

    private static ObjectNode request(String hostname, String target, String time) throws Exception {
        return (ObjectNode) CcJson.MAPPER.readTree("{\"req\":\"echo.request\",\"hostname\":\"" + hostname + "\",\"target\":\""
                + target + "\",\"time\":" + time + ",\"blob_hash\":\"\"}");
    }

    @Test
    public void handleRepliesAlongTheRequestsRoute() throws Exception {
        CcMessage req = CcMessage.of(List.of(b("idP"), b("idD")), "echo.request",
                CcJson.toBytes(request("db1", "tcp://x:1", "1700000000.5")), null, null);

        handler.handle(req);

        assertEquals(1, sender.sent.size());
        CcMessage reply = sender.sent.get(0);
        assertEquals(List.of("idP", "idD"), text(reply.route()));
        assertEquals("echo.response", reply.type());
        JsonNode body = reply.json();
        assertEquals("db1", body.get("orig_hostname").asText());
        assertEquals("tcp://x:1", body.get("orig_target").asText());
        assertEquals(1700000000.5, body.get("orig_time").asDouble(), 0.0);
    }

    @Test
    public void otherTypesAreNotAnswered() throws Exception {
        handler.handle(CcMessage.of(List.of(b("id")), "echo.response", b("{}"), null, null));
        handler.handle(CcMessage.of(List.of(b("id")), "echo.request.x", b("{}"), null, null));
        assertTrue(sender.sent.isEmpty());
    }

    @Test
    public void aRequestThatIsNotJsonFailsTheCall() throws Exception {
        try {
            handler.handle(CcMessage.of(List.of(b("id")), "echo.request", b("ENC1"), null, null));
            fail("expected the core to count a crash");
        } catch (InvalidMessageException e) {
            assertEquals("body is not JSON: unexpected character at byte 0", e.reason());
        }
        assertTrue(sender.sent.isEmpty());
    }

    @Test
    public void anInvalidPingRemotesUpdateIsRefusedNamingTheProperty() {
        try {
            handler.modified(Map.of("ping-remotes", "localhost:10000"));
            fail("accepted an endpoint without tcp://");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ping-remotes"));
        }
    }

    @Test
    public void anInvalidPingRemotesConfigurationFailsActivation() {
        try {
            new EchoHandler(sender, new RecordingStats(), Map.of("ping-remotes", "ipc:///tmp/x"));
            fail("activated with an ipc:// remote");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ping-remotes"));
        }
    }
}
