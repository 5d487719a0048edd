package org.ccflux.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The standard CC header (reference §2.1) and how {@code time} is written (§2.4). */
public class CcJsonTest {
    private static final Pattern TIME = Pattern.compile("\"time\":([^,}]+)");

    @Test
    public void headerHasReqTimeHostnameAndEmptyBlobHash() {
        long before = System.currentTimeMillis();
        ObjectNode h = CcJson.header("echo.request");
        long after = System.currentTimeMillis();

        assertEquals("echo.request", h.get("req").asText());
        assertEquals(CcJson.hostname(), h.get("hostname").asText());
        assertFalse(CcJson.hostname().isEmpty());
        assertEquals("", h.get("blob_hash").asText());
        assertTrue(h.get("blob_hash").isTextual());
        double time = h.get("time").asDouble();
        assertTrue("time " + time + " not between " + before + " and " + after + " ms",
                time * 1000 >= before - 1 && time * 1000 <= after + 1);
        assertEquals(4, h.size());
    }

    @Test
    public void timeIsWrittenInPlainNotationWithMilliseconds() {
        String json = new String(CcJson.toBytes(CcJson.header("log.info")), StandardCharsets.UTF_8);
        Matcher m = TIME.matcher(json);
        assertTrue(json, m.find());
        String time = m.group(1);
        assertFalse("scientific notation: " + time, time.contains("E") || time.contains("e"));
        assertTrue(time, time.matches("\\d{10,}\\.\\d{3}"));
    }

    @Test
    public void nowIsEpochSecondsWithThreeDecimals() {
        BigDecimal now = CcJson.now();
        assertEquals(3, now.scale());
        assertTrue(Math.abs(now.doubleValue() * 1000 - System.currentTimeMillis()) < 5_000);
        assertEquals(now.toPlainString(), now.toString());
    }

    @Test
    public void aTimeIsWrittenAsCcDoesEvenOnTheSecond() {
        assertEquals("1795424065.441", CcJson.time(1_795_424_065_441L).toPlainString());
        assertEquals("1795424065.000", CcJson.time(1_795_424_065_000L).toPlainString());
        assertEquals("0.007", CcJson.time(7L).toPlainString());
    }

    @Test
    public void toBytesWritesJsonThatReadsBack() throws Exception {
        ObjectNode body = CcJson.header("log.info");
        body.put("log_msg", "grüße \"quoted\"");
        JsonNode back = CcJson.MAPPER.readTree(CcJson.toBytes(body));
        assertEquals("grüße \"quoted\"", back.get("log_msg").asText());
        assertEquals("log.info", back.get("req").asText());
        assertEquals(body.get("time").doubleValue(), back.get("time").doubleValue(), 0.0);
        assertEquals(body.size(), back.size());
    }

    @Test
    public void toBytesRefusesWhatJacksonCannotWrite() {
        try {
            CcJson.toBytes(new Object()); // no properties: Jackson refuses empty beans
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("JSON"));
        }
    }
}
