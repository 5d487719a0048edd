package org.ccflux.handler.echo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.ccflux.api.CcJson;
import org.ccflux.api.InvalidMessageException;
import org.junit.Test;

/** The echo.response body (reference §6.2), written from the request's bytes or from a parsed request. */
public class EchoResponseTest {
    private static JsonNode respond(String request) throws Exception {
        byte[] body = EchoResponse.of(request.getBytes(StandardCharsets.UTF_8));
        return CcJson.MAPPER.readTree(body);
    }

    private static String wire(String request) throws Exception {
        return new String(EchoResponse.of(request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    public void copiesHostnameTargetAndTimeAsOrigFieldsUnderTheStandardHeader() throws Exception {
        JsonNode r = respond("{\"req\":\"echo.request\",\"hostname\":\"db1\",\"target\":\"tcp://central:10000\","
                + "\"time\":1700000000.123,\"blob_hash\":\"\"}");
        assertEquals("echo.response", r.get("req").asText());
        assertEquals("db1", r.get("orig_hostname").asText());
        assertEquals("tcp://central:10000", r.get("orig_target").asText());
        assertTrue("the time is kept as a number", r.get("orig_time").isNumber());
        assertEquals(CcJson.hostname(), r.get("hostname").asText());
        assertEquals("", r.get("blob_hash").asText());
        assertTrue(r.get("time").isNumber());
        double age = System.currentTimeMillis() / 1000.0 - r.get("time").asDouble();
        assertTrue("time is now: " + age, age >= 0 && age < 60);
        assertEquals(7, r.size());
    }

    @Test
    public void valuesAreCopiedExactlyAsTheSenderWroteThem() throws Exception {
        String w = wire("{ \"time\" : 1700000000.1230 , \"target\" : \"caf\\u00e9 \\\"x\\\"\" ,\"hostname\":\"h\u00f6st\"}");
        assertTrue(w, w.contains("\"orig_time\":1700000000.1230,") || w.endsWith("\"orig_time\":1700000000.1230}"));
        assertTrue(w, w.contains("\"orig_target\":\"caf\\u00e9 \\\"x\\\"\""));
        assertTrue(w, w.contains("\"orig_hostname\":\"h\u00f6st\""));
        assertTrue("the response time is in plain notation: " + w, w.matches(".*\"time\":\\d+\\.\\d{3},.*"));
    }

    @Test
    public void valuesOfAnyKindAreCopiedWhole() throws Exception {
        JsonNode r = respond("{\"hostname\":{\"a\":[1,{\"b\":null}]},\"target\":[true, false],\"time\":-1.5e3,\"x\":[[]]}");
        assertEquals(CcJson.MAPPER.readTree("{\"a\":[1,{\"b\":null}]}"), r.get("orig_hostname"));
        assertEquals(CcJson.MAPPER.readTree("[true,false]"), r.get("orig_target"));
        assertEquals(-1500.0, r.get("orig_time").asDouble(), 0.0);
        JsonNode scalars = respond("{\"hostname\":null,\"target\":true,\"time\":7}");
        assertTrue(scalars.get("orig_hostname").isNull());
        assertTrue(scalars.get("orig_target").asBoolean());
        assertEquals(7, scalars.get("orig_time").asInt());
    }

    @Test
    public void missingFieldsBecomeJsonNullAndTheLastOfADuplicateWins() throws Exception {
        JsonNode r = respond("{\"req\":\"echo.request\"}");
        assertTrue(r.get("orig_hostname").isNull());
        assertTrue(r.get("orig_target").isNull());
        assertTrue(r.get("orig_time").isNull());
        assertEquals("second", respond("{\"hostname\":\"first\",\"hostname\":\"second\"}").get("orig_hostname").asText());
    }

    @Test
    public void aBodyThatIsNotAJsonObjectIsRefused() {
        for (String bad : new String[] {"", "ENC1", "[1,2]", "\"x\"", "{\"hostname\":\"h\"", "{\"hostname\":}",
                "{\"time\":1.2.3}", "{\"target\":\"unterminated}", "{\"a\":1,}"}) {
            try {
                EchoResponse.of(bad.getBytes(StandardCharsets.UTF_8));
                fail("accepted " + bad);
            } catch (InvalidMessageException e) {
                assertTrue(bad + ": " + e.reason(), e.reason().startsWith("body is not"));
            }
        }
    }

    @Test
    public void aParsedRequestGetsTheSameResponse() throws Exception {
        String request = "{\"hostname\":\"db1\",\"target\":\"tcp://x:1\",\"time\":1700000000.5,\"pad\":\"xxxx\"}";
        JsonNode fromBytes = respond(request);
        JsonNode fromTree = CcJson.MAPPER.readTree(EchoResponse.of(CcJson.MAPPER.readTree(request)));
        for (String field : new String[] {"req", "hostname", "blob_hash", "orig_hostname", "orig_target", "orig_time"}) {
            assertEquals(field, fromBytes.get(field), fromTree.get(field));
        }
        assertTrue(CcJson.MAPPER.readTree(EchoResponse.of(CcJson.MAPPER.readTree("{}"))).get("orig_time").isNull());
    }
}
