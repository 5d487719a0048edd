package org.ccflux.handler.infowriter.internal;

import java.util.Map;
import org.ccflux.api.CcOptions;
import org.ccflux.handler.files.FileOptions;
import org.ccflux.handler.files.SizeLimit;

/**
 * One infowriter instance's settings, parsed and validated once (reference §6.10): the options every file-writing
 * handler has ({@link FileOptions}), {@code bakext}, and {@code max-file-size}, a bound CC lacked. Immutable; every
 * error names its property.
 */
final class InfoWriterConfig {
    static final String BAKEXT = "bakext";
    static final String MAX_FILE_SIZE = "max-file-size";
    static final String DEFAULT_MAX_FILE_SIZE = "64 MB";

    final FileOptions files;
    final String bakext;
    final SizeLimit maxFileSize;

    private InfoWriterConfig(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        files = FileOptions.parse(o);
        bakext = o.string(BAKEXT, "");
        if (bakext.indexOf('/') >= 0 || bakext.indexOf('\0') >= 0) {
            throw CcOptions.invalid(BAKEXT, bakext, "a file name suffix without / (e.g. --prev)");
        }
        maxFileSize = SizeLimit.parse(o, MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE);
    }

    /** @throws IllegalArgumentException naming the property if any option is invalid */
    static InfoWriterConfig parse(Map<String, ?> properties) {
        return new InfoWriterConfig(properties);
    }

    /** @return true if messages can keep flowing through the same lanes under {@code next} */
    boolean sameLanes(InfoWriterConfig next) {
        return files.sameLanes(next.files);
    }

    @Override
    public String toString() {
        return files + ", " + BAKEXT + "=" + (bakext.isEmpty() ? "(none)" : bakext) + ", " + MAX_FILE_SIZE + "=" + maxFileSize.bytes();
    }
}
