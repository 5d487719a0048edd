package org.ccflux.handler.tailwriter.internal;

import static org.ccflux.handler.tailwriter.internal.Fixture.read;
import static org.ccflux.handler.tailwriter.internal.Fixture.tree;
import static org.ccflux.handler.tailwriter.internal.Logtail.utf8;
import static org.junit.Assert.assertEquals;

import java.util.List;
import org.ccflux.api.CcMessage;
import org.junit.Test;

/** Bad input never crashes the handler (CC's KeyError crashes, §6.11): one log line and one counter each, nothing written. */
public class InvalidInputTest extends TailWriterTest {
    @Test
    public void everyKindOfBadChunkIsCountedAsInvalidAndNothingIsWritten() throws Exception {
        TailWriterHandler h = fx.start("bad", dst);
        List<CcMessage> bad = List.of(
                raw("not json at all"),
                raw("[1, 2, 3]"),
                raw(""),
                Logtail.of("h", "f.log", 0, "x").remove("hostname").message(),
                Logtail.of("h", "f.log", 0, "x").set("hostname", 42).message(),
                Logtail.of("", "f.log", 0, "x").message(),
                Logtail.of("h", "f.log", 0, "x").remove("filename").message(),
                Logtail.of("h", "dir/", 0, "x").message(),
                Logtail.of("h", "dir/..", 0, "x").message(),
                Logtail.of("h", "f.log", 0, "x").comp("lzma").message(),
                Logtail.of("h", "f.log", 0, "x").set("data", "@@not base64@@").message(),
                Logtail.of("h", "f.log", 0, "x").remove("data").message(),
                Logtail.of("h", "f.log", 0, "x").set("fpos", -1).message(),
                Logtail.of("h", "f.log", 0, "x").set("fpos", "ten").message(),
                Logtail.of("h", "f.log", 0, "x").set("st_ino", "inode").message(),
                withBody("{\"req\":\"pub.logtail\",\"hostname\":\"h\",\"filename\":\"f.log\",\"data\":\"eA==\",\"fpos\":1.5}"));
        for (CcMessage m : bad) {
            h.handle(m); // never throws
        }
        h.handle(Logtail.of("h", "f.log", 0, "good\n").message());
        fx.stop(h);
        assertEquals(bad.size(), fx.get("bad", "count.invalid"));
        assertEquals("valid chunks still work", List.of("h--f.log"), tree(dst));
        assertEquals("good\n", read(dst.resolve("h--f.log")));
        assertEquals(1, fx.get("bad", "count.appended"));
    }

    @Test
    public void numericStringsForNumbersAreAccepted() throws Exception {
        TailWriterHandler h = fx.start("lenient", dst);
        h.handle(Logtail.of("h", "f.log", 0, "ab").set("fpos", "0").set("st_dev", "64768").message());
        h.handle(Logtail.of("h", "f.log", 0, "cd").set("fpos", "2").set("st_dev", "64768").message());
        h.handle(withBody("{\"req\":\"pub.logtail\",\"hostname\":\"h\",\"filename\":\"g.log\",\"data\":\"eA==\",\"fpos\":7.0,"
                + "\"st_ino\":18446744073709551615}"));
        fx.stop(h);
        assertEquals(0, fx.get("lenient", "count.invalid") + fx.get("lenient", "count.gap"));
        assertEquals("abcd", read(dst.resolve("h--f.log")));
        assertEquals("x", read(dst.resolve("h--g.log")));
    }

    private static CcMessage raw(String body) {
        return CcMessage.of(List.of(utf8("peer")), "pub.logtail", utf8(body), null, null);
    }

    private static CcMessage withBody(String json) {
        return raw(json);
    }
}
