package org.ccflux.handler.files;

import org.ccflux.handler.files.testing.FileMessageBuilder;

/** A minimal file-carrying message for the shared code's tests: CC's common fields only. */
final class SampleFile extends FileMessageBuilder<SampleFile> {
    private SampleFile(String hostname, String filename) {
        super("pub.test", "1700000000.5", hostname, filename);
    }

    /** Content as base64 in {@code data}. */
    static SampleFile of(String hostname, String filename, String content) {
        return new SampleFile(hostname, filename).data(utf8(content));
    }

    FileMessage parsed() throws Rejected {
        return FileMessage.of(message());
    }
}
