package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.ccflux.api.CcJson;
import org.junit.Test;

/** Request parsing, function names, the allow-list and the SQL text: everything checked before SQL runs. */
public class CallRequestTest {
    private static final AllowedFunctions ALL = AllowedFunctions.of(List.of("*"));

    @Test
    public void functionNamesAreQualifiedAndAlwaysQuoted() {
        assertEquals("\"public\".\"add\"", FunctionName.parse("add").sql());
        assertEquals("\"cc\".\"Add\"", FunctionName.parse("cc.Add").sql());
        assertEquals("public.add", FunctionName.parse("add").toString());
        assertEquals(FunctionName.parse("public.add"), FunctionName.parse("add"));
        assertEquals("\"s$1\".\"_f$\"", FunctionName.parse("s$1._f$").sql());
    }

    @Test
    public void anythingButPlainIdentifiersIsRefused() {
        for (String bad : new String[] {"", ".", "a.", ".a", "a.b.c", "1a", "a b", "a;b", "a\"b", "a'b", "a(b)", "a--",
            "a/*", "ä", "a\n", "x".repeat(64)}) {
            try {
                FunctionName.parse(bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("function must be name or schema.name"));
            }
        }
        FunctionName.parse("x".repeat(63));
    }

    @Test
    public void allowedFunctions() {
        assertTrue(AllowedFunctions.of(List.of()).none());
        assertFalse(AllowedFunctions.of(List.of()).allows(FunctionName.parse("a")));
        assertTrue(ALL.allows(FunctionName.parse("any.thing")));
        AllowedFunctions list = AllowedFunctions.of(List.of("test_json", "cc.add"));
        assertTrue(list.allows(FunctionName.parse("public.test_json")));
        assertTrue(list.allows(FunctionName.parse("cc.add")));
        assertFalse(list.allows(FunctionName.parse("add")));
        assertFalse(list.allows(FunctionName.parse("cc.ADD")));
        try {
            AllowedFunctions.of(List.of("cc.add()"));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("allowed-functions must be * or a list of function names (name or schema.name), was 'cc.add()'", e.getMessage());
        }
    }

    @Test
    public void returnModes() throws Exception {
        assertEquals(CallRequest.Mode.NO, parse("{\"function\": \"f\"}").mode);
        assertEquals(CallRequest.Mode.NO, parse("{\"function\": \"f\", \"return\": null}").mode);
        assertEquals(CallRequest.Mode.NO, parse("{\"function\": \"f\", \"return\": \"\"}").mode);
        assertEquals(CallRequest.Mode.NO, parse("{\"function\": \"f\", \"return\": \"no\"}").mode);
        assertEquals(CallRequest.Mode.ONE, parse("{\"function\": \"f\", \"return\": \"one\"}").mode);
        assertEquals(CallRequest.Mode.ALL, parse("{\"function\": \"f\", \"return\": \"all\"}").mode);
        assertEquals(CallRequest.Mode.JSON, parse("{\"function\": \"f\", \"return\": \"json\"}").mode);
        failsWith(Reason.BAD_REQUEST, "{\"function\": \"f\", \"return\": \"rows\"}");
        failsWith(Reason.BAD_REQUEST, "{\"function\": \"f\", \"return\": true}");
    }

    @Test
    public void paramsShapes() throws Exception {
        assertEquals("[]", parse("{\"function\": \"f\"}").params.toString());
        assertEquals("[1,\"a\"]", parse("{\"function\": \"f\", \"params\": [1, \"a\"]}").params.toString());
        assertEquals("{\"a\":1}", parse("{\"function\": \"f\", \"params\": \"{\\\"a\\\": 1}\"}").params.toString());
        failsWith(Reason.BAD_PARAMS, "{\"function\": \"f\", \"params\": 1}");
        failsWith(Reason.BAD_PARAMS, "{\"function\": \"f\", \"params\": \"[1\"}");
        failsWith(Reason.BAD_PARAMS, "{\"function\": \"f\", \"params\": {\"a-b\": 1}}");
        failsWith(Reason.BAD_PARAMS, "{\"function\": \"f\", \"params\": {\"\": 1}}");
        StringBuilder many = new StringBuilder("[0");
        for (int i = 1; i <= CallRequest.MAX_PARAMS; i++) {
            many.append(',').append(i);
        }
        failsWith(Reason.BAD_PARAMS, "{\"function\": \"f\", \"params\": " + many + "]}");
    }

    @Test
    public void checksComeInOrderFunctionThenAllowedThenTheRest() throws Exception {
        failsWith(Reason.BAD_REQUEST, "[]");
        failsWith(Reason.BAD_REQUEST, "{\"params\": []}");
        failsWith(Reason.BAD_FUNCTION, "{\"function\": \"f; drop\"}");
        try {
            CallRequest.parse(json("{\"function\": \"f\", \"params\": 7}"), AllowedFunctions.of(List.of()));
            fail();
        } catch (CallFailure f) {
            assertEquals("an unauthorised caller learns nothing about its params", Reason.NOT_ALLOWED, f.reason);
        }
    }

    @Test
    public void identIsEchoedOnlyWhenTruthyAsInPython() throws Exception {
        for (String falsy : new String[] {"null", "0", "0.0", "\"\"", "false", "[]", "{}"}) {
            assertNull(falsy, CallRequest.ident(json("{\"ident\": " + falsy + "}")));
        }
        for (String truthy : new String[] {"1", "\"x\"", "true", "[0]", "{\"a\": 0}", "-0.5"}) {
            assertEquals(truthy, json(truthy), CallRequest.ident(json("{\"ident\": " + truthy + "}")));
        }
        assertNull(CallRequest.ident(json("{}")));
    }

    @Test
    public void sqlTextHasOnlyTheQuotedNameValidatedParameterNamesAndPlaceholders() throws Exception {
        assertEquals("select \"cc\".\"add\"(?, ?)", FunctionCall.sql(parse("{\"function\": \"cc.add\", \"params\": [1, 2]}")));
        assertEquals("select \"cc\".\"greet\"(name := ?, greeting := ?)",
                FunctionCall.sql(parse("{\"function\": \"cc.greet\", \"params\": {\"name\": \"x'); drop\", \"greeting\": 1}}")));
        assertEquals("select \"public\".\"f\"()", FunctionCall.sql(parse("{\"function\": \"f\", \"params\": {}}")));
    }

    private static CallRequest parse(String body) throws Exception {
        return CallRequest.parse(json(body), ALL);
    }

    private static void failsWith(Reason reason, String body) throws Exception {
        try {
            parse(body);
            fail("accepted " + body);
        } catch (CallFailure f) {
            assertEquals(body, reason, f.reason);
        }
    }

    private static JsonNode json(String s) throws Exception {
        return CcJson.MAPPER.readTree(s);
    }
}
