package org.ccflux.handler.tailwriter.internal;

import org.ccflux.handler.files.testing.FileMessageBuilder;

/**
 * Builds {@code pub.logtail} messages as CC's logtail daemon sends them (reference §2.3, §7.5): the common fields,
 * {@code op_mode}, {@code st_dev}, {@code st_ino} and {@code fpos}.
 */
final class Logtail extends FileMessageBuilder<Logtail> {
    static final long DEV = 2049;
    static final long INO = 131_077;

    private Logtail(String hostname, String filename) {
        super("pub.logtail", "1714979289.25", hostname, filename);
        body.put("op_mode", "classic");
        body.put("st_dev", DEV);
        body.put("st_ino", INO);
    }

    /** A chunk of {@code text} starting at {@code fpos}, as base64 in {@code data} (logtail with use-blob = no). */
    static Logtail of(String hostname, String filename, long fpos, String text) {
        return new Logtail(hostname, filename).data(utf8(text)).set("fpos", fpos);
    }

    Logtail rotated() {
        return set("op_mode", "rotated");
    }

    Logtail ino(long ino) {
        return set("st_ino", ino);
    }
}
