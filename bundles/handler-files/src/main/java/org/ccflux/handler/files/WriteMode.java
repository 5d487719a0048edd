package org.ccflux.handler.files;

import java.util.Locale;
import org.ccflux.api.CcOptions;

/**
 * CC's {@code write-compressed}: in which form received content goes to the file.
 *
 * @since 1.0
 */
public enum WriteMode {
    /** {@code ""} or {@code no}: decompressed. */
    PLAIN("no"),
    /** {@code keep}: as received, with {@code .gz}/{@code .bz2} added to the name when it came compressed. */
    KEEP("keep"),
    /** {@code yes}: compressed with {@code compression}, {@code .gz} added to the name. */
    COMPRESS("yes");

    private final String option;

    WriteMode(String option) {
        this.option = option;
    }

    /** @return the option value that selects this mode, as the effective configuration shows it */
    public String option() {
        return option;
    }

    /** @throws IllegalArgumentException naming {@value FileOptions#WRITE_COMPRESSED} unless one of CC's four values */
    public static WriteMode parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "":
            case "no":
                return PLAIN;
            case "keep":
                return KEEP;
            case "yes":
                return COMPRESS;
            default:
                throw CcOptions.invalid(FileOptions.WRITE_COMPRESSED, value, "one of \"\", no, keep, yes");
        }
    }
}
