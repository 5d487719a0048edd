package org.ccflux.handler.infowriter.internal;

import java.math.BigDecimal;
import org.ccflux.handler.files.testing.FileMessageBuilder;

/** Builds {@code pub.infofile} messages as CC's infosender and testmsg do (reference §2.3): the common fields and {@code mtime}. */
final class Infofile extends FileMessageBuilder<Infofile> {
    private Infofile(String hostname, String filename, String mtime) {
        super("pub.infofile", "1700000000.5", hostname, filename);
        body.put("mtime", new BigDecimal(mtime));
    }

    /** Content as base64 in {@code data}, MIME style like Python's codec (line breaks every 76 characters). */
    static Infofile of(String hostname, String filename, String mtime, String content) {
        return new Infofile(hostname, filename, mtime).data(utf8(content));
    }
}
