package org.ccflux.handler.files;

import static org.ccflux.handler.files.testing.FileMessageBuilder.utf8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.ccflux.api.CcMessage;
import org.junit.Test;

/**
 * The common fields of a file-carrying message and its content (reference §2.3). CC indexed the keys blindly and
 * crashed on a missing one; each problem here is an invalid {@link Rejected} naming the field.
 */
public class FileMessageTest {
    private static final SizeLimit LIMIT = new SizeLimit("max-file-size", 64 * 1024);

    @Test
    public void theFieldsAsCcUsesThem() throws Exception {
        FileMessage m = SampleFile.of("db/2", "C:\\infodir\\info.2", "x").parsed();
        assertEquals("/ in a host name becomes _", "db_2", m.hostname());
        assertEquals("\\ becomes /", "C:/infodir/info.2", m.filepath());
        assertEquals("info.2", m.filename());
        assertEquals(Codec.NONE, m.comp());
        assertNull(m.oddMode());
        assertEquals("pub.test", m.body().path("req").asText());
        assertTrue(m.size() > 0);
        assertEquals(Codec.GZIP, SampleFile.of("h", "f", "x").comp("gzip").parsed().comp());
    }

    @Test
    public void absentCompAndModeAreCcsDefaultsAndAnOddModeIsReportedNotRefused() throws Exception {
        FileMessage m = SampleFile.of("h", "f", "x").remove("comp").remove("mode").parsed();
        assertEquals(Codec.NONE, m.comp());
        assertNull(m.oddMode());
        assertNull(SampleFile.of("h", "f", "x").set("mode", "").parsed().oddMode());
        assertEquals("t", SampleFile.of("h", "f", "x").set("mode", "t").parsed().oddMode());
    }

    @Test
    public void everyUnusableBodyIsInvalidNamingWhatIsWrong() {
        assertInvalid(raw("not json"), "body is not JSON");
        assertInvalid(raw("[1, 2]"), "body is not a JSON object");
        assertInvalid(raw(""), "body is empty");
        assertInvalid(SampleFile.of("h", "f", "x").remove("hostname").message(), "missing field hostname");
        assertInvalid(SampleFile.of("h", "f", "x").set("hostname", 42).message(), "field hostname is not a string");
        assertInvalid(SampleFile.of("", "f", "x").message(), "field hostname is empty");
        assertInvalid(SampleFile.of("h", "f", "x").remove("filename").message(), "missing field filename");
        assertInvalid(SampleFile.of("h", "dir/", "x").message(), "filename 'dir/' does not end in a file name");
        assertInvalid(SampleFile.of("h", "dir/..", "x").message(), "filename 'dir/..' does not end in a file name");
        assertInvalid(SampleFile.of("h", "..", "x").message(), "filename '..' does not end in a file name");
        assertInvalid(SampleFile.of("h", "f", "x").comp("lzma").message(), "comp 'lzma' is not one of");
        assertInvalid(SampleFile.of("h", "f", "x").remove("data").message(), "no content");
        assertInvalid(SampleFile.of("h", "f", "x").set("data", 42).message(), "no content");
    }

    @Test
    public void aNonEmptyBlobIsTheContentElseBase64Data() throws Exception {
        Content blob = SampleFile.of("h", "f", "ignored").blob(utf8("blob content")).parsed().content();
        assertTrue(blob.inBlob());
        assertEquals("blob content", new String(blob.decode(LIMIT), "UTF-8"));
        CcMessage m = SampleFile.of("h", "f", "from data").message();
        Content emptyBlob = FileMessage.of(CcMessage.of(m.route(), m.type(), m.body(), m.signature(), new byte[0])).content();
        assertFalse("an empty blob frame is no content, as in CC", emptyBlob.inBlob());
        assertEquals("from data", new String(emptyBlob.decode(LIMIT), "UTF-8"));
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertArrayEquals(binary, SampleFile.of("h", "f", "").data(binary).parsed().content().decode(LIMIT));
        assertEquals(0, SampleFile.of("h", "f", "").parsed().content().decode(LIMIT).length);
    }

    @Test
    public void base64IsMimeStyleButOtherwiseStrict() throws Exception {
        assertEquals("qwerty", new String(SampleFile.of("h", "f", "").set("data", "cXdl\r\ncnR5\n").parsed().content().decode(LIMIT), "UTF-8"));
        try {
            SampleFile.of("h", "f", "").set("data", "cXdl@@cnR5").parsed().content().decode(LIMIT);
            fail("decoded junk");
        } catch (Rejected r) {
            assertEquals(Rejected.Kind.INVALID, r.kind());
            assertTrue(r.getMessage(), r.getMessage().startsWith("data is not valid base64"));
        }
    }

    @Test
    public void contentAboveTheLimitIsOversizedInTheBlobAndInData() throws Exception {
        assertOversized(SampleFile.of("h", "f", "").blob(new byte[65 * 1024]));
        assertOversized(SampleFile.of("h", "f", "").data(new byte[65 * 1024]));
        assertOversized(SampleFile.of("h", "f", "").data(new byte[64 * 1024 + 1]));
        assertEquals(64 * 1024, SampleFile.of("h", "f", "").blob(new byte[64 * 1024]).parsed().content().decode(LIMIT).length);
        assertEquals(64 * 1024, SampleFile.of("h", "f", "").data(new byte[64 * 1024]).parsed().content().decode(LIMIT).length);
    }

    private static void assertOversized(SampleFile f) throws Rejected {
        try {
            f.parsed().content().decode(LIMIT);
            fail("accepted content above the limit");
        } catch (Rejected r) {
            assertEquals(Rejected.Kind.OVERSIZED, r.kind());
            assertTrue(r.getMessage(), r.getMessage().endsWith("exceeds max-file-size (65536 bytes)"));
        }
    }

    private static CcMessage raw(String body) {
        return CcMessage.of(List.of(utf8("peer")), "pub.test", utf8(body), null, null);
    }

    private static void assertInvalid(CcMessage m, String message) {
        try {
            FileMessage.of(m);
            fail("accepted " + new String(m.body()));
        } catch (Rejected r) {
            assertEquals(Rejected.Kind.INVALID, r.kind());
            assertTrue("'" + r.getMessage() + "' should start with '" + message + "'", r.getMessage().startsWith(message));
        }
    }
}
