package org.ccflux.handler.echo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ccflux.api.CcJson;
import org.ccflux.api.InvalidMessageException;
import org.junit.Test;

/** The scan accepts exactly what Jackson reads as one JSON object, and finds the values Jackson would. */
public class JsonScanTest {
    /** Jackson as the reference, strict about content after the value as CC's json.loads is. */
    private static final ObjectReader JACKSON = CcJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[][] KEYS = {bytes("hostname"), bytes("target"), bytes("time")};

    private static final String[] VALID = {
        "{}", " {\"a\":1} \n", "{\"hostname\":\"h\",\"target\":[1,2,{\"x\":null}],\"time\":1700000000.125}",
        "{\"a\":-0,\"b\":0.5e-3,\"c\":1E+9,\"d\":-12.0e1,\"e\":true,\"f\":false,\"g\":null}",
        "{\"s\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"}", "{\"\":\"\",\"k\":{}}",
        "{\"nested\":[[[]],{\"a\":{\"b\":[{}]}}]}", "{\"utf8\":\"h\u00f6st \u20ac \uD83D\uDE00\"}",
        "\t{\r\n\"a\" : [ 1 , 2 ] }", "\uFEFF{}",
    };

    private static final String[] INVALID = {
        "", " ", "[]", "1", "\"x\"", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}",
        "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":-}",
        "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}", "{\"a\":\"\t\"}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":1}}", "{\"a\":1} x",
        "{\"a\":1}{}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":1}/*c*/", "\uFEFF\uFEFF{}",
    };

    @Test
    public void acceptsWhatJacksonAcceptsAndRefusesTheRest() {
        for (String s : VALID) {
            assertTrue(s, jacksonAccepts(bytes(s)));
            assertTrue(s, scanAccepts(bytes(s)));
        }
        for (String s : INVALID) {
            assertEquals(s, false, jacksonAccepts(bytes(s)));
            assertEquals(s, false, scanAccepts(bytes(s)));
        }
    }

    /** Random edits of valid bodies: every one is judged as Jackson judges it. */
    @Test
    public void agreesWithJacksonOnMutatedBodies() {
        Random random = new Random(42);
        byte[] alphabet = bytes("{}[]:,\"\\ 0123456789.-+eEtrufalsn/ux\t\n");
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] doc = mutate(bytes(VALID[random.nextInt(VALID.length)]), random, alphabet);
            boolean expected = jacksonAccepts(doc);
            assertEquals(new String(doc, StandardCharsets.UTF_8), expected, scanAccepts(doc));
            invalid += expected ? 0 : 1;
        }
        assertTrue("most edits break the JSON: " + invalid, invalid > 10_000);
    }

    @Test
    public void nestingIsLimitedAsJacksonLimitsIt() {
        int limit = JsonScan.MAX_DEPTH;
        byte[] deepest = bytes("{\"a\":" + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "}");
        byte[] tooDeep = bytes("{\"a\":" + "[".repeat(limit) + "]".repeat(limit) + "}");
        assertTrue(jacksonAccepts(deepest));
        assertTrue(scanAccepts(deepest));
        assertEquals(false, jacksonAccepts(tooDeep));
        assertEquals(false, scanAccepts(tooDeep));
    }

    @Test
    public void refusesMalformedUtf8() {
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {(byte) 0x80}); // a continuation byte alone
        bad.add(new byte[] {(byte) 0xC3}); // a lead byte without its continuation
        bad.add(new byte[] {(byte) 0xC0, (byte) 0xAF}); // overlong '/'
        bad.add(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}); // overlong, three bytes
        bad.add(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a surrogate
        bad.add(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}); // above U+10FFFF
        bad.add(new byte[] {(byte) 0xFF});
        for (byte[] b : bad) {
            assertEquals(false, scanAccepts(withString(b)));
        }
        for (String good : new String[] {"\u00e9", "\u20ac", "\uD83D\uDE00", "\uFFFD"}) {
            assertTrue(good, scanAccepts(withString(bytes(good))));
        }
    }

    @Test
    public void findsTheTopLevelValuesAsWritten() throws Exception {
        String doc = "{\"time\": 1.50 ,\"x\":{\"hostname\":\"inner\"},\"hostname\":\"a\",\"target\":[1, {\"b\":2}],\"hostname\":\"last\"}";
        assertEquals(List.of("\"last\"", "[1, {\"b\":2}]", "1.50"), values(doc));
        assertEquals(List.of("\"h\"", "-", "-"), values("{\"host\\u006eame\":\"h\"}"));
        assertEquals(List.of("-", "-", "-"), values("{\"hostnames\":1,\"targe\":2,\"x\":{\"time\":3}}"));
    }

    @Test
    public void saysWhereTheBodyStopsBeingJson() {
        try {
            JsonScan.topLevelValues(bytes("{\"a\":[1,}"), KEYS);
            fail();
        } catch (InvalidMessageException e) {
            assertEquals("body is not JSON: unexpected character at byte 8", e.reason());
        }
    }

    private static List<String> values(String doc) throws InvalidMessageException {
        byte[] b = bytes(doc);
        int[] spans = JsonScan.topLevelValues(b, KEYS);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < KEYS.length; k++) {
            out.add(spans[2 * k] < 0 ? "-" : new String(b, spans[2 * k], spans[2 * k + 1] - spans[2 * k], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] withString(byte[] content) {
        byte[] head = bytes("{\"s\":\"");
        byte[] doc = new byte[head.length + content.length + 2];
        System.arraycopy(head, 0, doc, 0, head.length);
        System.arraycopy(content, 0, doc, head.length, content.length);
        doc[doc.length - 2] = '"';
        doc[doc.length - 1] = '}';
        return doc;
    }

    private static byte[] mutate(byte[] doc, Random random, byte[] alphabet) {
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(doc.length + 1);
            byte b = alphabet[random.nextInt(alphabet.length)];
            doc = switch (random.nextInt(3)) {
                case 0 -> splice(doc, at, 0, b); // insert
                case 1 -> at < doc.length ? splice(doc, at, 1, b) : doc; // replace
                default -> at < doc.length ? splice(doc, at, 1) : doc; // delete
            };
        }
        return doc;
    }

    private static byte[] splice(byte[] doc, int at, int remove, byte... insert) {
        byte[] out = new byte[doc.length - remove + insert.length];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(doc, at + remove, out, at + insert.length, doc.length - at - remove);
        return out;
    }

    private static boolean jacksonAccepts(byte[] doc) {
        try {
            JsonNode n = JACKSON.readTree(doc);
            return n != null && n.isObject();
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean scanAccepts(byte[] doc) {
        try {
            JsonScan.topLevelValues(doc, KEYS);
            return true;
        } catch (InvalidMessageException e) {
            return false;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
