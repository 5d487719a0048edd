package org.ccflux.handler.files.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;

/**
 * Builds a file-carrying message ({@code pub.infofile}, {@code pub.logtail}) with the fields CC's senders put in
 * every one (reference §2.3): {@code req}, {@code time}, {@code hostname}, {@code blob_hash}, {@code filename},
 * {@code comp} {@code ""}, {@code mode} {@code b}, {@code data} {@code ""}. A handler's builder adds its own fields.
 *
 * @param <B> the concrete builder, returned by the fluent setters
 */
public abstract class FileMessageBuilder<B extends FileMessageBuilder<B>> {
    /** The body as it will be sent; tests may change it directly. */
    public final ObjectNode body = CcJson.MAPPER.createObjectNode();
    private final String type;
    private byte[] blob;

    protected FileMessageBuilder(String type, String time, String hostname, String filename) {
        this.type = type;
        body.put("req", type);
        body.put("time", new BigDecimal(time));
        body.put("hostname", hostname);
        body.put("blob_hash", "");
        body.put("filename", filename);
        body.put("comp", "");
        body.put("mode", "b");
        body.put("data", "");
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Content as base64 in {@code data}, MIME style like Python's codec (a line break every 76 characters, one at the end); no blob. */
    public B data(byte[] raw) {
        body.put("data", Base64.getMimeEncoder().encodeToString(raw) + "\n");
        blob = null;
        return self();
    }

    /** Content in the blob frame, {@code data} empty, as CC's senders do by default (use-blob). */
    public B blob(byte[] raw) {
        body.put("data", "");
        blob = raw;
        return self();
    }

    public B comp(String comp) {
        body.put("comp", comp);
        return self();
    }

    public B set(String field, String value) {
        body.put(field, value);
        return self();
    }

    public B set(String field, long value) {
        body.put(field, value);
        return self();
    }

    public B remove(String field) {
        body.remove(field);
        return self();
    }

    /** @return the message as the core hands it to a handler, from peer {@code peer-1} */
    public CcMessage message() {
        return CcMessage.of(List.of(utf8("peer-1")), type, CcJson.toBytes(body), null, blob);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** Reads gzip data of one or more members, as gunzip does. */
    public static String gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
