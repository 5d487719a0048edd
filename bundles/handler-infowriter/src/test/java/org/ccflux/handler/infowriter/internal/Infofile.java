package org.ccflux.handler.infowriter.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;

/** Builds {@code pub.infofile} messages as CC's infosender and testmsg do (reference §2.3). */
final class Infofile {
    final ObjectNode body = CcJson.MAPPER.createObjectNode();
    private byte[] blob;

    private Infofile(String hostname, String filename, String mtime) {
        body.put("req", "pub.infofile");
        body.put("time", new BigDecimal("1700000000.5"));
        body.put("hostname", hostname);
        body.put("blob_hash", "");
        body.put("filename", filename);
        body.put("mtime", new BigDecimal(mtime));
        body.put("comp", "");
        body.put("mode", "b");
        body.put("data", "");
    }

    /** Content as base64 in {@code data}, MIME style like Python's codec (line breaks every 76 characters). */
    static Infofile of(String hostname, String filename, String mtime, String content) {
        return new Infofile(hostname, filename, mtime).data(utf8(content));
    }

    Infofile data(byte[] raw) {
        body.put("data", Base64.getMimeEncoder().encodeToString(raw) + "\n");
        return this;
    }

    /** Content in the blob frame, {@code data} empty, as infosender with use-blob (the default). */
    Infofile blob(byte[] raw) {
        body.put("data", "");
        blob = raw;
        return this;
    }

    Infofile comp(String comp) {
        body.put("comp", comp);
        return this;
    }

    Infofile set(String field, String value) {
        body.put(field, value);
        return this;
    }

    Infofile remove(String field) {
        body.remove(field);
        return this;
    }

    CcMessage message() {
        return CcMessage.of(List.of(utf8("peer-1")), "pub.infofile", CcJson.toBytes(body), null, blob);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
