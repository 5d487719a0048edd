package org.ccflux.handler.locallogger.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.junit.Test;

/** CC's locallogger (reference §6.3): {@code [job@host] HH:MM:SS,mmm LEVEL msg} in the server log. */
public class LocalLoggerHandlerTest {
    private final LocalLoggerHandler handler = new LocalLoggerHandler();

    /** Epoch seconds of {@code time} today in the zone the handler formats in, plus a fraction. */
    private static double at(String time, double fraction) {
        long seconds = LocalDate.of(2024, 3, 15).atTime(LocalTime.parse(time)).atZone(ZoneId.systemDefault()).toEpochSecond();
        return seconds + fraction;
    }

    private static JsonNode record(double logTime) throws Exception {
        return CcJson.MAPPER.readTree("{\"job_name\":\"logtail\",\"hostname\":\"db1\",\"log_level\":\"INFO\",\"log_msg\":\"hello\","
                + "\"log_time\":" + logTime + "}");
    }

    private static CcMessage message(String body) {
        return CcMessage.of(List.of("id".getBytes(StandardCharsets.US_ASCII)), "log.info", body.getBytes(StandardCharsets.UTF_8),
                null, null);
    }

    /** slf4j-simple looks System.err up on every write, so the lines can be captured. */
    private static String logOf(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void formatsTheCcLine() throws Exception {
        assertEquals("[logtail@db1] 13:14:15,123 INFO hello", LocalLoggerHandler.format(record(at("13:14:15", 0.123))));
    }

    @Test
    public void millisecondsArePaddedToThreeDigits() throws Exception {
        assertEquals("[logtail@db1] 00:00:05,007 INFO hello", LocalLoggerHandler.format(record(at("00:00:05", 0.007))));
        assertEquals("[logtail@db1] 09:08:07,000 INFO hello", LocalLoggerHandler.format(record(at("09:08:07", 0.0))));
    }

    @Test
    public void millisecondsRoundAndCarryIntoTheNextSecond() throws Exception {
        // Reference bug 23: the original prints x.9996 s as ",000" of the same second.
        assertEquals("[logtail@db1] 12:34:57,000 INFO hello", LocalLoggerHandler.format(record(at("12:34:56", 0.9996))));
        assertEquals("[logtail@db1] 12:35:00,000 INFO hello", LocalLoggerHandler.format(record(at("12:34:59", 0.9996))));
        assertEquals("[logtail@db1] 12:34:56,999 INFO hello", LocalLoggerHandler.format(record(at("12:34:56", 0.9994))));
        assertEquals("[logtail@db1] 12:34:56,000 INFO hello", LocalLoggerHandler.format(record(at("12:34:56", 0.0004))));
    }

    @Test
    public void missingFieldsAreShownAsPlaceholders() throws Exception {
        JsonNode r = CcJson.MAPPER.readTree("{\"log_level\":\"ERROR\",\"log_time\":" + at("01:02:03", 0.5) + "}");
        assertEquals("[?@?] 01:02:03,500 ERROR ", LocalLoggerHandler.format(r));
    }

    @Test
    public void recordsGoToTheCcLogLoggerAtTheirLevel() {
        String body = "{\"job_name\":\"j\",\"hostname\":\"h\",\"log_time\":" + at("10:00:00", 0.25) + ",\"log_level\":\"%s\","
                + "\"log_msg\":\"m-%s\"}";
        String log = logOf(() -> {
            for (String level : new String[] {"WARNING", "ERROR", "INFO", "DEBUG", "CRITICAL"}) {
                handler.handle(message(String.format(body, level, level)));
            }
        });
        assertTrue(log, log.contains("WARN cc.log - [j@h] 10:00:00,250 WARNING m-WARNING"));
        assertTrue(log, log.contains("ERROR cc.log - [j@h] 10:00:00,250 ERROR m-ERROR"));
        assertTrue(log, log.contains("INFO cc.log - [j@h] 10:00:00,250 INFO m-INFO"));
        assertTrue(log, log.contains("ERROR cc.log - [j@h] 10:00:00,250 CRITICAL m-CRITICAL"));
        assertFalse("DEBUG is below slf4j-simple's default level", log.contains("m-DEBUG"));
    }

    @Test
    public void aBodyWithoutLogLevelIsANonLogMessage() {
        String log = logOf(() -> handler.handle(message("{\"log_msg\":\"no level\"}")));
        assertTrue(log, log.contains("non-log msg: log.info"));
        assertFalse(log, log.contains("cc.log"));
    }

    @Test
    public void aBodyThatIsNotJsonIsANonLogMessageAndDoesNotThrow() {
        String log = logOf(() -> handler.handle(message("ENC1")));
        assertTrue(log, log.contains("non-log msg: log.info (body is not JSON)"));
    }
}
