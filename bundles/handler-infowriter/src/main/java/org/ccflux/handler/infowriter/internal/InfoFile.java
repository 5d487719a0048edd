package org.ccflux.handler.infowriter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.ccflux.api.CcMessage;
import org.ccflux.handler.files.FileMessage;
import org.ccflux.handler.files.Rejected;

/**
 * One {@code pub.infofile} message (reference §2.3), checked: the fields every file-carrying message has
 * ({@link FileMessage}: {@code hostname}, {@code filename}, {@code comp}, {@code mode}, the content) and the
 * infowriter's own, {@code mtime}.
 */
final class InfoFile {
    /** 9999-12-31T23:59:59Z: anything later is not a file time. */
    private static final BigDecimal MAX_MTIME = BigDecimal.valueOf(253_402_300_799L);

    final FileMessage message;
    final FileTime mtime;

    private InfoFile(FileMessage message) throws Rejected {
        this.message = message;
        this.mtime = mtime(message.body().get("mtime"));
    }

    /** @throws Rejected invalid if the body is not a usable {@code pub.infofile} body */
    static InfoFile of(CcMessage message) throws Rejected {
        return new InfoFile(FileMessage.of(message));
    }

    /** CC sends epoch seconds as a float (testmsg an integer); a numeric string is accepted too. */
    private static FileTime mtime(JsonNode n) throws Rejected {
        if (n == null || n.isNull()) {
            throw Rejected.invalid("missing field mtime");
        }
        BigDecimal seconds;
        try {
            seconds = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
        } catch (NumberFormatException e) {
            throw Rejected.invalid("field mtime is not a number: '" + n.asText() + "'");
        }
        if (seconds.signum() < 0 || seconds.compareTo(MAX_MTIME) > 0) {
            throw Rejected.invalid("field mtime is out of range: " + seconds.toPlainString());
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return FileTime.from(Instant.ofEpochSecond(whole, nanos));
    }
}
