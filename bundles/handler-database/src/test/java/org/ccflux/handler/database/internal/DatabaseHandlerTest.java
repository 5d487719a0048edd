package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

/**
 * Calls through a real core server into real PostgreSQL (reference §6.9): every return mode, positional and named
 * parameters, allowed-functions, and every kind of failure answered with {@code error.<type>} and counted.
 */
public class DatabaseHandlerTest extends DatabaseTestSupport {
    // ---- return modes ----

    @Test
    public void returnOneGivesTheFirstRowWithRowcountStatusmessageAndTheIdent() throws Exception {
        handler("one", "db", "allowed-functions", "*");
        Client.Reply r = client().call("db.test", call("cc.add", "[2, 3]", "one", "\"req-1\""));
        assertOk(r);
        assertEquals("[5]", r.body.get("data").toString());
        assertEquals(1, r.body.get("rowcount").intValue());
        assertEquals("SELECT 1", r.body.get("statusmessage").textValue());
        assertEquals("req-1", r.body.get("ident").textValue());
        assertTrue("a CC header", r.body.has("time") && r.body.has("hostname"));
        assertEquals(1, server.get("db.one.count.ok"));
        assertEquals(1, server.get("db.one.count.received"));
    }

    @Test
    public void returnOneOfNoRowsGivesNullData() throws Exception {
        handler("none", "db", "allowed-functions", "*");
        Client.Reply r = client().call("db.test", call("cc.series", "[0]", "one", null));
        assertOk(r);
        assertTrue(r.body.get("data").isNull());
        assertEquals(0, r.body.get("rowcount").intValue());
        assertEquals("SELECT 0", r.body.get("statusmessage").textValue());
        assertFalse("no ident asked, none echoed", r.body.has("ident"));
    }

    @Test
    public void returnAllGivesEveryRowAsAnArray() throws Exception {
        handler("all", "db", "allowed-functions", "*");
        Client.Reply r = client().call("db.test", call("cc.series", "[3]", "all", "{\"n\": 7}"));
        assertOk(r);
        assertEquals("[[1],[2],[3]]", r.body.get("data").toString());
        assertEquals(3, r.body.get("rowcount").intValue());
        assertEquals("SELECT 3", r.body.get("statusmessage").textValue());
        assertEquals("{\"n\":7}", r.body.get("ident").toString());
    }

    @Test
    public void returnNoRunsTheFunctionAndSendsNothing() throws Exception {
        handler("silent", "db", "allowed-functions", "*", "worker-threads", "1"); // one worker: calls run in order
        Client c = client();
        c.send("db.test", call("cc.record_call", "[\"no-reply\"]", "no", null));
        c.send("db.test", call("cc.record_call", "[\"absent\"]", null, null));
        c.send("db.test", call("cc.record_call", "[\"empty\"]", "", null));
        Client.Reply r = c.call("db.test", call("cc.add", "[1, 1]", "one", null));
        assertEquals("the first reply is the fourth call's", "[2]", r.body.get("data").toString());
        assertEquals(3, Fixture.count(admin, "select count(*) from cc.calls where note in ('no-reply', 'absent', 'empty')"));
        assertEquals(4, server.get("db.silent.count.ok"));
    }

    @Test
    public void returnJsonSendsTheFunctionsObjectAsTheReplyItself() throws Exception {
        handler("json", "db", "allowed-functions", "*");
        Client c = client();
        Client.Reply r = c.call("db.test", call("cc.api", "[\"{\\\"req\\\": \\\"api.answer\\\"}\"]", "json", null));
        assertEquals("api.answer", r.type);
        assertEquals("Hello from DB", r.body.get("msg").textValue());

        r = c.call("db.test", call("test_json", null, "json", null));
        assertEquals("db.answer", r.type);
    }

    @Test
    public void returnJsonWithoutReqOrWithoutRowIsAnsweredAsReplyOfTheRequestType() throws Exception {
        handler("jsonfix", "db", "allowed-functions", "*");
        Client c = client();
        Client.Reply r = c.call("db.test", call("cc.json_noreq", null, "json", null));
        assertOk(r);
        assertEquals("no req", r.body.get("msg").textValue());
        r = c.call("db.test", call("cc.json_none", null, "json", null));
        assertOk(r);
        assertEquals("{\"req\":\"reply.db.test\"}", r.body.toString());
    }

    @Test
    public void returnJsonOfSomethingThatIsNotAnObjectWithAValidReqIsABadResult() throws Exception {
        handler("jsonbad", "db", "allowed-functions", "*");
        Client c = client();
        assertError("bad-result", c.call("db.test", call("cc.json_array", null, "json", "1")));
        assertError("bad-result", c.call("db.test", call("cc.not_json", null, "json", null)));
        Client.Reply r = c.call("db.test", call("cc.json_badreq", null, "json", "\"x\""));
        assertError("bad-result", r);
        assertEquals("x", r.body.get("ident").textValue());
        assertEquals(3, server.get("db.jsonbad.count.error.bad-result"));
    }

    @Test
    public void anUnknownReturnModeIsRefusedBeforeTheFunctionRuns() throws Exception {
        handler("badmode", "db", "allowed-functions", "*");
        Client.Reply r = client().call("db.test", call("cc.record_call", "[\"bad-mode\"]", "many", null));
        assertError("bad-request", r);
        assertEquals("CC ran the function, then crashed", 0, Fixture.count(admin, "select count(*) from cc.calls where note = 'bad-mode'"));
    }

    @Test
    public void maxRowsRefusesLargerResults() throws Exception {
        handler("capped", "db", "allowed-functions", "*", "max-rows", "2");
        Client c = client();
        assertEquals(2, c.call("db.test", call("cc.series", "[2]", "all", null)).body.get("rowcount").intValue());
        assertError("too-many-rows", c.call("db.test", call("cc.series", "[3]", "all", null)));
        assertError("too-many-rows", c.call("db.test", call("cc.series", "[3]", "one", null)));
    }

    // ---- parameters ----

    @Test
    public void namedParametersUseNamedNotationAndDefaultsApply() throws Exception {
        handler("named", "db", "allowed-functions", "*");
        Client c = client();
        assertEquals("[\"Hello, Ann\"]", c.call("db.test", call("cc.greet", "{\"name\": \"Ann\"}", "one", null)).body.get("data").toString());
        assertEquals("[\"Hi, Bob\"]", c.call("db.test",
                call("cc.greet", "{\"greeting\": \"Hi\", \"name\": \"Bob\"}", "one", null)).body.get("data").toString());
        assertEquals("[7]", c.call("db.test", call("cc.add", "{\"b\": 3, \"a\": 4}", "one", null)).body.get("data").toString());
    }

    @Test
    public void positionalParametersOfEveryJsonKindBindAsPsycopg2WroteThem() throws Exception {
        handler("kinds", "db", "allowed-functions", "*");
        Client c = client();
        assertEquals("untyped strings resolve to int", "[5]", data(c, "cc.add", "[\"2\", \"3\"]"));
        assertEquals("[{\"x\":[1,2]}]", data(c, "cc.echo_json", "[{\"x\": [1, 2]}]"));
        assertEquals("[1.5]", data(c, "cc.echo_numeric", "[1.5]"));
        assertEquals("[123456789012345678901234567890]", data(c, "cc.echo_numeric", "[123456789012345678901234567890]"));
        assertEquals("[true]", data(c, "cc.is_null", "[null]"));
        assertEquals("[false]", data(c, "cc.negate", "[true]"));
        assertEquals("params as JSON text, as pg_logforward sends them", "[9]", data(c, "cc.add", "\"[4, 5]\""));
        assertEquals("no params", "[\"postgres:ccflux_app\"]", data(c, "cc.whoami", null));
    }

    @Test
    public void columnValuesOfEveryTypeBecomeJson() throws Exception {
        handler("types", "db", "allowed-functions", "*");
        Client c = client();
        assertEquals("[12345678901234567890.123456789]", data(c, "cc.t_numeric", null));
        assertEquals("[0.1]", data(c, "cc.t_float", null));
        assertEquals("[\"NaN\"]", data(c, "cc.t_nan", null));
        assertEquals("[9007199254740993]", data(c, "cc.t_bigint", null));
        assertEquals("[{\"a\":[1,2,{\"b\":null}]}]", data(c, "cc.t_jsonb", null));
        assertEquals("[[1,2,null,3]]", data(c, "cc.t_ints", null));
        assertEquals("[[[\"a\",\"b\"],[\"c\",\"d\"]]]", data(c, "cc.t_texts", null));
        assertEquals("[\"{2024-05-06}\"]", data(c, "cc.t_dates", null));
        assertEquals("[\"2024-05-06\"]", data(c, "cc.t_date", null));
        assertEquals("[\"\\\\x0102ff\"]", data(c, "cc.t_bytea", null));
        assertEquals("[null]", data(c, "cc.t_null", null));
        assertEquals("void reads as null", "[null]", data(c, "cc.t_void", null));
        assertEquals("[\"(1,x)\"]", data(c, "cc.t_record", null));
    }

    // ---- allowed-functions ----

    @Test
    public void emptyAllowedFunctionsAllowsNothing() throws Exception {
        handler("locked", "db");
        Client.Reply r = client().call("db.test", call("cc.add", "[1, 2]", "one", "5"));
        assertError("not-allowed", r);
        assertEquals("cc.add", r.body.get("function").textValue());
        assertEquals(5, r.body.get("ident").intValue());
        assertEquals(1, server.get("db.locked.count.error.not-allowed"));
        assertEquals(1, server.get("db.locked.count.error"));
    }

    @Test
    public void aListAllowsExactlyItsFunctionsAndBareNamesMeanPublic() throws Exception {
        handler("listed", "db", "allowed-functions", "cc.add, test_json");
        Client c = client();
        assertOk(c.call("db.test", call("cc.add", "[1, 2]", "one", null)));
        assertEquals("db.answer", c.call("db.test", call("public.test_json", null, "json", null)).type);
        assertEquals("db.answer", c.call("db.test", call("test_json", null, "json", null)).type);
        assertError("not-allowed", c.call("db.test", call("cc.series", "[1]", "one", null)));
        assertError("not-allowed", c.call("db.test", call("add", "[1, 2]", "one", null)));
        assertError("not-allowed", c.call("db.test", call("CC.add", "[1, 2]", "one", null)));
    }

    // ---- failures ----

    @Test
    public void anUnknownFunctionIsAnsweredWithItsSqlstate() throws Exception {
        handler("unknown", "db", "allowed-functions", "*");
        Client c = client();
        Client.Reply r = c.call("db.test", call("cc.nope", "[]", "one", null));
        assertError("unknown-function", r);
        assertEquals("42883", r.body.get("sqlstate").textValue());
        assertTrue(r.body.get("msg").textValue(), r.body.get("msg").textValue().contains("cc.nope() does not exist"));
        assertError("wrong argument types", "unknown-function", c.call("db.test", call("cc.add", "[true, 1]", "one", null)));
    }

    @Test
    public void sqlErrorsAreAnsweredWithSqlstateAndMessageAndTheConnectionStaysInUse() throws Exception {
        DatabaseHandler h = handler("sqlerr", "db", "allowed-functions", "*", "worker-threads", "1");
        Client c = client();
        Client.Reply r = c.call("db.test", call("cc.divide", "[1, 0]", "one", null));
        assertError("sql-error", r);
        assertEquals("22012", r.body.get("sqlstate").textValue());
        r = c.call("db.test", call("cc.fail", "[\"boom\"]", null, "\"id-9\""));
        assertError("raised in plpgsql; answered although return is no", "sql-error", r);
        assertEquals("boom", r.body.get("msg").textValue());
        assertEquals("P0001", r.body.get("sqlstate").textValue());
        assertEquals("id-9", r.body.get("ident").textValue());
        assertError("invalid input for an int parameter", "sql-error", c.call("db.test", call("cc.add", "[\"x\", 1]", "one", null)));
        assertOk(c.call("db.test", call("cc.add", "[1, 1]", "one", null)));
        assertEquals(1, server.get("db.sqlerr.connections.opened"));
        assertEquals(0, server.get("db.sqlerr.connections.broken"));
        assertEquals(1, h.connections());
        assertEquals(3, server.get("db.sqlerr.count.error.sql-error"));
    }

    @Test
    public void malformedRequestsAreAnsweredNeverCrash() throws Exception {
        handler("bad", "db", "allowed-functions", "*");
        Client c = client();
        assertError("bad-request", c.call("db.test", "this is not json"));
        assertError("bad-request", c.call("db.test", "[1, 2]"));
        assertError("bad-request", c.call("db.test", "{\"req\": \"db.test\"}"));
        assertError("bad-request", c.call("db.test", "{\"req\": \"db.test\", \"function\": 42}"));
        assertError("bad-request", c.call("db.test", "{\"req\": \"db.test\", \"function\": \"cc.add\", \"return\": 1}"));
        assertError("bad-params", c.call("db.test", call("cc.add", "5", "one", null)));
        assertError("bad-params", c.call("db.test", call("cc.add", "\"not json\"", "one", null)));
        assertError("bad-params", c.call("db.test", call("cc.add", "\"17\"", "one", null)));
        assertError("bad-params", c.call("db.test", call("cc.add", "{\"a; drop table cc.calls; --\": 1}", "one", null)));
        assertError("bad-params", c.call("db.test", call("cc.add", "{\"a b\": 1}", "one", null)));
        assertEquals(5, server.get("db.bad.count.error.bad-request"));
        assertEquals(5, server.get("db.bad.count.error.bad-params"));
        assertOk(c.call("db.test", call("cc.add", "[1, 1]", "one", null)));
    }

    @Test
    public void injectionAttemptsInTheFunctionNameAreRefusedBeforeAnySql() throws Exception {
        handler("inject", "db", "allowed-functions", "*");
        Client c = client();
        String[] attempts = {"cc.add(1,2); drop table cc.calls; --", "cc\\\".\\\"add", "cc.add--", "pg_sleep(10)",
            "a.b.c", "cc.", ".add", "1cc.add", "cc.add ", "", "cc.add\\u0000"};
        for (String f : attempts) {
            assertError(f, "bad-function", c.call("db.test", call(f, "[1, 2]", "one", null)));
        }
        assertEquals(attempts.length, server.get("db.inject.count.error.bad-function"));
        assertEquals("the table is still there", 0, Fixture.count(admin, "select count(*) from cc.calls where note = 'never'"));
        assertEquals("quoted, so case is kept: CC quoted mixed case too", "unknown-function",
                c.call("db.test", call("cc.ADD", "[1, 2]", "one", null)).reason());
    }

    @Test
    public void errorRepliesOffAnswersNothingButCounts() throws Exception {
        handler("quiet", "db", "allowed-functions", "cc.add, cc.divide", "error-replies", "no", "worker-threads", "1");
        Client c = client();
        c.send("db.test", call("cc.series", "[1]", "one", null));
        c.send("db.test", call("cc.divide", "[1, 0]", "one", null));
        assertEquals("the first reply is the third call's", "[3]", c.call("db.test", call("cc.add", "[1, 2]", "one", null))
                .body.get("data").toString());
        assertEquals(1, server.get("db.quiet.count.error.not-allowed"));
        assertEquals(1, server.get("db.quiet.count.error.sql-error"));
        assertEquals(2, server.get("db.quiet.count.error"));
    }

    private static String data(Client c, String function, String params) throws Exception {
        Client.Reply r = c.call("db.test", call(function, params, "one", null));
        assertOk(r);
        JsonNode data = r.body.get("data");
        return data.toString();
    }

    private static void assertError(String what, String reason, Client.Reply reply) {
        assertEquals(what + ": " + reply, "error.db.test", reply.type);
        assertEquals(what + ": " + reply, reason, reply.reason());
    }
}
