package org.ccflux.client.tool;

import static org.ccflux.client.ClientTestSupport.freePort;
import static org.ccflux.client.ClientTestSupport.text;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.client.TestServer;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** ccsend run in-process against {@link TestServer}. */
public class CcSendTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final String endpoint = "tcp://127.0.0.1:" + freePort();
    private final List<TestServer> servers = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @After
    public void closeServers() {
        servers.forEach(TestServer::close);
    }

    private TestServer server() {
        TestServer s = new TestServer(endpoint);
        servers.add(s);
        return s;
    }

    private int ccsend(String... args) {
        return ccsendWithStdin("", args);
    }

    private int ccsendWithStdin(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return CcSend.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(List<byte[]> frames) throws Exception {
        return CcMessage.decode(frames).json();
    }

    @Test
    public void echoSampleWithWaitPrintsTheResponse() throws Exception {
        TestServer server = server();

        assertEquals(err(), 0, ccsend("-c", endpoint, "-w", "--sample", "echo"));

        assertTrue(out(), out().startsWith("echo.response {"));
        JsonNode printed = CcJson.MAPPER.readTree(out().substring("echo.response ".length()));
        assertEquals(endpoint, printed.get("orig_target").textValue());
        assertEquals("", err());
        List<String> sent = text(server.take());
        assertEquals("echo.request", sent.get(2));
    }

    @Test
    public void quietPrintsNothing() {
        server();

        assertEquals(err(), 0, ccsend("-q", "-c", endpoint, "-w", "--sample", "echo"));

        assertEquals("", out());
        assertEquals("", err());
    }

    @Test
    public void noReplyInTimeExitsOne() {
        server().mode(TestServer.Mode.SILENT);

        assertEquals(1, ccsend("-c", endpoint, "-w", "-t", "0.3", "echo.request"));

        assertEquals("", out());
        assertTrue(err(), err().contains("no reply to echo.request from " + endpoint + " within 0.3 s"));
    }

    @Test
    public void withoutWaitTheMessageIsSentWithTheHeaderMergedUnderTheUserFields() throws Exception {
        TestServer server = server();

        assertEquals(err(), 0, ccsend("-c", endpoint, "log.info", "{\"log_msg\":\"hi\",\"hostname\":\"h1\"}"));

        List<byte[]> frames = server.take();
        assertEquals(List.of("", "log.info"), text(frames).subList(0, 2));
        assertEquals(4, frames.size());
        JsonNode body = json(frames);
        assertEquals("log.info", body.get("req").textValue());
        assertEquals("h1", body.get("hostname").textValue());
        assertEquals("hi", body.get("log_msg").textValue());
        assertTrue(body.get("time").isNumber());
        assertEquals("", body.get("blob_hash").textValue());
        assertTrue(out(), out().startsWith("log.info {\"req\":\"log.info\""));
    }

    @Test
    public void bodyWithReqIsSentAsGivenFromAFileWithABlob() throws Exception {
        TestServer server = server();
        Path body = tmp.newFile("body.json").toPath();
        Files.writeString(body, "{\"req\":\"pub.infofile\",\"mode\":\"b\"}");
        Path blob = tmp.newFile("blob").toPath();
        Files.write(blob, new byte[] {'q', 0, 'w'});

        assertEquals(err(), 0, ccsend("-q", "-c", endpoint, "--blob", blob.toString(), "pub.infofile", "@" + body));

        List<byte[]> frames = server.take();
        assertEquals("{\"req\":\"pub.infofile\",\"mode\":\"b\"}", text(frames).get(2));
        assertArrayEquals(new byte[] {'q', 0, 'w'}, frames.get(4));
        assertEquals("", out());
    }

    @Test
    public void bodyFromStdin() throws Exception {
        TestServer server = server();

        assertEquals(err(), 0, ccsendWithStdin("{\"function\":\"f\"}", "-c", endpoint, "db.x", "-"));

        assertEquals("f", json(server.take()).get("function").textValue());
    }

    @Test
    public void samplesHaveTheirTestmsgBodies() throws Exception {
        TestServer server = server();

        assertEquals(err(), 0, ccsend("-q", "-c", endpoint, "--sample", "info"));
        assertEquals(err(), 0, ccsend("-q", "-c", endpoint, "--sample", "task", "{\"task_host\":\"web1\"}"));

        JsonNode info = json(server.take());
        assertEquals("pub.infofile", info.get("req").textValue());
        assertEquals(1314187603, info.get("mtime").intValue());
        assertEquals("me", info.get("hostname").textValue());
        assertEquals("cXdlcnR5\n", info.get("data").textValue());
        List<byte[]> task = server.take();
        String type = text(task).get(1);
        assertTrue(type, type.startsWith("task.send."));
        JsonNode body = json(task);
        assertEquals(type.substring("task.send.".length()), body.get("task_id").textValue());
        assertEquals("web1", body.get("task_host").textValue());
        assertEquals("cc.task.sample", body.get("task_handler").textValue());
    }

    @Test
    public void errorReplyIsPrintedAndExitsOne() {
        server().mode(TestServer.Mode.ERROR);

        assertEquals(1, ccsend("-c", endpoint, "-w", "--sample", "echo"));

        assertTrue(out(), out().startsWith("error {"));
        assertTrue(out(), out().contains("cannot route"));
    }

    @Test
    public void usageErrorsExitTwoWithAMessage() throws IOException {
        assertUsage("TYPE or --sample NAME is required");
        assertUsage("invalid JSON in the JSON argument", "log.info", "{oops");
        assertUsage("the body in the JSON argument must be a JSON object", "log.info", "[1]");
        assertUsage("invalid message type 'bad..type'", "bad..type");
        assertUsage("cannot read " + tmp.getRoot() + "/missing.json", "log.info", "@" + tmp.getRoot() + "/missing.json");
        assertUsage("cannot read nope.bin", "--blob", "nope.bin", "log.info");
        assertUsage("body.req must equal the message type 'log.info'", "log.info", "{\"req\":\"log.error\"}");
        assertUsage("unknown sample 'nope'", "--sample", "nope");
        assertUsage("unknown option -x", "-x", "log.info");
        assertUsage("--timeout must be a positive number of seconds, was '0'", "-t", "0", "log.info");
        assertUsage("-c needs a value", "log.info", "-c");
        assertUsage("unexpected argument 'more'", "log.info", "{}", "more");
        assertUsage("cannot connect to 'nonsense'", "-c", "nonsense", "log.info");
    }

    @Test
    public void helpPrintsUsage() {
        assertEquals(0, ccsend("--help"));
        assertTrue(out(), out().startsWith("usage: ccsend"));
    }

    private void assertUsage(String message, String... args) {
        out.reset();
        err.reset();
        assertEquals(err(), 2, ccsend(args));
        assertTrue(err(), err().startsWith("ccsend: " + message));
        assertEquals("", out());
    }
}
