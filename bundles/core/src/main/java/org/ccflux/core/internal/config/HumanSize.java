package org.ccflux.core.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CC's human sizes: {@code <digits> [K|M|G|T|P|E][B]}, case-insensitive, powers of 1024. */
public final class HumanSize {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*([KMGTPE]?)B?\\s*");
    private static final String UNITS = "KMGTPE";

    private HumanSize() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2).isEmpty() ? 0 : 10 * (UNITS.indexOf(m.group(2)) + 1);
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return n << shift;
    }
}
