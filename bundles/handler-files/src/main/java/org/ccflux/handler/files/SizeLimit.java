package org.ccflux.handler.files;

import java.util.Objects;
import org.ccflux.api.CcOptions;

/**
 * The largest content a handler accepts, as received and after decompression, with the option that sets it
 * ({@code max-file-size}, {@code max-chunk-size}), so that a refusal says what to raise.
 *
 * @param option the option's name, for messages
 * @param bytes the limit, 1 byte to {@link #MAX_BYTES}
 * @since 1.0
 */
public record SizeLimit(String option, long bytes) {
    /** About 2 GB: the largest byte array the JVM can hold, less some headroom. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    /** @throws IllegalArgumentException naming {@code option} if {@code bytes} is out of range */
    public SizeLimit {
        Objects.requireNonNull(option, "option");
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw CcOptions.invalid(option, bytes, "between 1 byte and 2 GB");
        }
    }

    /**
     * Reads the option as a size ({@code 64 MB}; CC's syntax, see {@link CcOptions#size}).
     *
     * @throws IllegalArgumentException naming {@code option} if it is not a size from 1 byte to 2 GB
     */
    public static SizeLimit parse(CcOptions options, String option, String dflt) {
        return new SizeLimit(option, options.size(option, CcOptions.parseSize(dflt)));
    }

    /** @throws Rejected oversized if {@code size} is above the limit */
    public void check(long size) throws Rejected {
        if (size > bytes) {
            throw exceeded("content of " + size + " bytes");
        }
    }

    /** @return an oversized rejection: {@code what} exceeds the option (with the limit) */
    public Rejected exceeded(String what) {
        return new Rejected(Rejected.Kind.OVERSIZED, what + " exceeds " + option + " (" + bytes + " bytes)");
    }
}
