package org.ccflux.api;

import static org.ccflux.api.Frames.b;
import static org.ccflux.api.Frames.frames;
import static org.ccflux.api.Frames.text;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Frame layout and parsing rules of reference §1.2, size accounting of §1.5. */
public class CcMessageTest {

    // ---- decode: what is a message ----

    @Test
    public void decodesRouteTypeBodySignatureAndBlob() throws Exception {
        CcMessage m = CcMessage.decode(frames("idP", "idD", "", "log.info", "{\"a\":1}", "SIG", "BLOB"));
        assertEquals("log.info", m.type());
        assertEquals(List.of("idP", "idD"), text(m.route()));
        assertEquals(List.of("", "log.info", "{\"a\":1}", "SIG", "BLOB"), text(m.payloadFrames()));
        assertEquals("{\"a\":1}", m.bodyText());
        assertArrayEquals(b("SIG"), m.signature());
        assertTrue(m.hasSignatureFrame());
        assertArrayEquals(b("BLOB"), m.blob().orElseThrow());
        assertEquals(7, m.frames().size());
    }

    @Test
    public void theFirstEmptyFrameIsTheDelimiter() throws Exception {
        // An empty signature after the delimiter is a frame like any other, not a second delimiter.
        CcMessage m = CcMessage.decode(frames("id", "", "log.info", "{}", ""));
        assertEquals(List.of("id"), text(m.route()));
        assertEquals("log.info", m.type());
        assertTrue(m.hasSignatureFrame());
        assertEquals(0, m.signature().length);
    }

    @Test
    public void aMessageWithoutRouteFramesIsValid() throws Exception {
        // What a DEALER peer receives: the ROUTER consumed the identity.
        CcMessage m = CcMessage.decode(frames("", "echo.response", "{}", ""));
        assertTrue(m.route().isEmpty());
        assertEquals("echo.response", m.type());
    }

    @Test
    public void noDelimiterIsInvalid() {
        assertInvalid("no delimiter", frames("id", "log.info", "{}"));
        assertInvalid("no delimiter", List.of());
    }

    @Test
    public void noFrameAfterTheDelimiterIsInvalid() {
        assertInvalid("no type frame", frames("id", ""));
    }

    @Test
    public void anEmptyTypeFrameIsInvalid() {
        // ['id', '', '', ...]: the second empty frame is where the type should be.
        assertInvalid("bad type frame length 0", frames("id", "", "", "{}"));
    }

    @Test
    public void aTypeThatFailsTheRegexIsInvalid() {
        assertInvalid("bad type", frames("id", "", "log.info\n", "{}"));
        assertInvalid("bad type", frames("id", "", "pub.*", "{}"));
        assertInvalid("bad type", frames("id", "", "log..info", "{}"));
        assertInvalid("bad type", frames("id", "", "lög", "{}"));
    }

    @Test
    public void anOverlongTypeIsInvalid() {
        assertInvalid("bad type frame length 256", frames("", "a".repeat(256), "{}"));
    }

    @Test
    public void aMessageWithOnlyATypeIsValidForRouting() throws Exception {
        // Reference §1.2 rule 3: the body is not looked at during construction.
        CcMessage m = CcMessage.decode(frames("id", "", "log.info"));
        assertEquals(0, m.body().length);
        assertEquals("", m.bodyText());
        assertFalse(m.hasSignatureFrame());
        assertEquals(0, m.signature().length);
        assertEquals(Optional.empty(), m.blob());
        try {
            m.json();
            fail("a missing body is not JSON");
        } catch (InvalidMessageException e) {
            assertEquals("body is empty", e.reason());
        }
    }

    @Test
    public void invalidMessageExceptionIsCheapAndCarriesOnlyTheReason() {
        InvalidMessageException e = new InvalidMessageException("no delimiter");
        assertEquals("no delimiter", e.reason());
        assertEquals("no delimiter", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    // ---- optional frames ----

    @Test
    public void missingSignatureReadsAsEmptyAndMissingBlobAsNone() throws Exception {
        CcMessage m = CcMessage.decode(frames("id", "", "log.info", "{}"));
        assertFalse(m.hasSignatureFrame());
        assertEquals(0, m.signature().length);
        assertFalse(m.blob().isPresent());
    }

    @Test
    public void anEmptyBlobFrameIsNotAMissingBlob() throws Exception {
        CcMessage m = CcMessage.decode(frames("id", "", "pub.infofile", "{}", "", ""));
        assertTrue(m.blob().isPresent());
        assertEquals(0, m.blob().get().length);
    }

    @Test
    public void framesAfterTheBlobAreKeptVerbatim() throws Exception {
        CcMessage m = CcMessage.decode(frames("id", "", "x", "{}", "s", "blob", "extra1", "extra2"));
        assertArrayEquals(b("blob"), m.blob().orElseThrow());
        assertEquals(List.of("", "x", "{}", "s", "blob", "extra1", "extra2"), text(m.payloadFrames()));
    }

    // ---- size, immutability ----

    @Test
    public void sizeIsTheSumOfAllFrames() throws Exception {
        CcMessage m = CcMessage.decode(frames("abc", "", "log.info", "{\"x\":1}", "sig", "blob!"));
        assertEquals(3 + 0 + 8 + 7 + 3 + 5, m.size());
    }

    @Test
    public void decodeCopiesTheList() throws Exception {
        List<byte[]> in = frames("id", "", "log.info", "{}");
        CcMessage m = CcMessage.decode(in);
        in.clear();
        assertEquals(4, m.frames().size());
        assertEquals("log.info", m.type());
    }

    @Test(expected = UnsupportedOperationException.class)
    public void framesAreUnmodifiable() throws Exception {
        CcMessage.decode(frames("id", "", "log.info", "{}")).frames().add(b("x"));
    }

    @Test(expected = UnsupportedOperationException.class)
    public void routeIsUnmodifiable() throws Exception {
        CcMessage.decode(frames("id", "", "log.info", "{}")).route().clear();
    }

    @Test
    public void toStringNamesTypeAndSizeButNoPayload() throws Exception {
        String s = CcMessage.decode(frames("id", "", "log.info", "{\"secret\":1}")).toString();
        assertTrue(s, s.contains("log.info"));
        assertTrue(s, s.contains("4 frames"));
        assertFalse(s, s.contains("secret"));
    }

    // ---- JSON ----

    @Test
    public void jsonIsParsedOnceAndCached() throws Exception {
        CcMessage m = CcMessage.decode(frames("id", "", "log.info", "{\"log_msg\":\"hi\"}"));
        JsonNode first = m.json();
        assertEquals("hi", first.get("log_msg").asText());
        assertSame(first, m.json());
    }

    @Test
    public void jsonAcceptsArraysOfScalars() throws Exception {
        // Reference bug 1: the original helper threw on arrays of scalars.
        CcMessage m = CcMessage.decode(frames("", "x", "{\"list\":[1,2,\"three\"]}"));
        assertEquals(3, m.json().get("list").size());
    }

    @Test
    public void aBodyThatIsNotJsonIsRefused() throws Exception {
        CcMessage m = CcMessage.decode(frames("id", "", "log.info", "ENC1"));
        try {
            m.json();
            fail("ENC1 is not JSON");
        } catch (InvalidMessageException e) {
            assertEquals("body is not JSON", e.reason());
        }
    }

    // ---- of ----

    @Test
    public void ofBuildsTheFramesAClientWrites() {
        CcMessage m = CcMessage.of(List.of(b("r1"), b("r2")), "echo.response", b("{}"), null, null);
        assertEquals(List.of("r1", "r2", "", "echo.response", "{}", ""), text(m.frames()));
        assertTrue(m.hasSignatureFrame()); // CC always writes the signature frame
        assertFalse(m.blob().isPresent());
        assertEquals(List.of("r1", "r2"), text(m.route()));
        assertEquals(2 + 2 + 13 + 2, m.size());
    }

    @Test
    public void ofWithSignatureAndBlob() {
        CcMessage m = CcMessage.of(List.of(), "pub.infofile", b("{}"), b("sig"), new byte[0]);
        assertEquals(List.of("", "pub.infofile", "{}", "sig", ""), text(m.frames()));
        assertTrue(m.route().isEmpty());
        assertArrayEquals(b("sig"), m.signature());
        assertTrue(m.blob().isPresent());
    }

    @Test
    public void ofRoundTripsThroughDecode() throws Exception {
        CcMessage m = CcMessage.of(List.of(b("id")), "log.info", b("{\"a\":1}"), b("s"), b("blob"));
        CcMessage back = CcMessage.decode(m.frames());
        assertTrue(m.sameFrames(back));
        assertEquals(m.type(), back.type());
        assertEquals(m.size(), back.size());
    }

    @Test
    public void ofRefusesAnInvalidType() {
        for (String bad : new String[] {"", "*", "a..b", "log.info\n"}) {
            try {
                CcMessage.of(List.of(), bad, b("{}"), null, null);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("invalid message type"));
            }
        }
    }

    @Test
    public void ofRefusesAnEmptyRouteFrame() {
        try {
            CcMessage.of(List.of(b("id"), new byte[0]), "log.info", b("{}"), null, null);
            fail("an empty route frame would be read as the delimiter");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("route"));
        }
    }

    // ---- withRoute, sameFrames ----

    @Test
    public void withRouteReplacesOnlyTheRoute() throws Exception {
        CcMessage m = CcMessage.decode(frames("old1", "old2", "", "task.send", "{\"x\":1}", "sig", "blob"));
        JsonNode parsed = m.json();
        CcMessage r = m.withRoute(List.of(b("new")));

        assertEquals(List.of("new"), text(r.route()));
        assertEquals("task.send", r.type());
        assertEquals(text(m.payloadFrames()), text(r.payloadFrames()));
        for (int i = 0; i < m.payloadFrames().size(); i++) {
            assertSame("payload frame " + i + " must be the same bytes", m.payloadFrames().get(i), r.payloadFrames().get(i));
        }
        assertEquals(m.size() - 8 + 3, r.size());
        assertSame(parsed, r.json());
        assertEquals(List.of("old1", "old2"), text(m.route())); // the original is untouched
        assertTrue(CcMessage.decode(r.frames()).sameFrames(r));
    }

    @Test
    public void withAnEmptyRouteAddressesNobody() {
        CcMessage m = CcMessage.of(List.of(b("id")), "log.info", b("{}"), null, null);
        CcMessage r = m.withRoute(List.of());
        assertTrue(r.route().isEmpty());
        assertEquals(List.of("", "log.info", "{}", ""), text(r.frames()));
    }

    @Test
    public void withRouteRefusesAnEmptyRouteFrameLikeOf() {
        // An empty route frame would be read by the receiver as the delimiter, so the message would
        // arrive with another route and an empty type: of() refuses it, withRoute() must as well.
        CcMessage m = CcMessage.of(List.of(b("id")), "log.info", b("{}"), null, null);
        try {
            CcMessage r = m.withRoute(List.of(new byte[0]));
            fail("accepted an empty route frame: " + text(r.frames()));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("route"));
        }
    }

    @Test
    public void sameFramesComparesBytesNotIdentity() throws Exception {
        CcMessage a = CcMessage.decode(frames("id", "", "log.info", "{}", ""));
        CcMessage b = CcMessage.decode(frames("id", "", "log.info", "{}", ""));
        assertNotSame(a.frames().get(0), b.frames().get(0));
        assertTrue(a.sameFrames(b));
        assertFalse(a.sameFrames(CcMessage.decode(frames("id", "", "log.info", "{}"))));
        assertFalse(a.sameFrames(CcMessage.decode(frames("id", "", "log.info", "{ }", ""))));
        assertFalse(a.sameFrames(CcMessage.decode(frames("id2", "", "log.info", "{}", ""))));
    }

    private static void assertInvalid(String reason, List<byte[]> frames) {
        try {
            CcMessage m = CcMessage.decode(new ArrayList<>(frames));
            fail("decoded " + m + ", expected '" + reason + "'");
        } catch (InvalidMessageException e) {
            assertEquals(reason, e.reason());
        }
    }
}
