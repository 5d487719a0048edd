package org.ccflux.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of Config Admin / service property maps with CC's option syntax (booleans
 * {@code yes/no}, sizes {@code 64 KB}, comma-separated lists). Values from a {@code .cfg} file are strings,
 * from a {@code .config} file or the metatype typed: both are accepted. Every failure is an
 * {@link IllegalArgumentException} that names the property, so the log says what to fix; a handler that
 * throws it from its {@code @Modified} method keeps its running configuration.
 *
 * @since 1.1
 */
public final class CcOptions {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*([KMGTPE]?)B?\\s*");
    private static final String UNITS = "KMGTPE";

    private final Map<String, ?> map;

    public CcOptions(Map<String, ?> map) {
        this.map = map;
    }

    /** @return true if {@code name} is set to a non-blank value */
    public boolean has(String name) {
        Object v = map.get(name);
        return v != null && !v.toString().isBlank();
    }

    /** @return the trimmed value, {@code dflt} if unset; CC's explicit empty value {@code ""} gives "" */
    public String string(String name, String dflt) {
        Object v = map.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String[] && ((String[]) v).length == 1) {
            v = ((String[]) v)[0];
        }
        String s = v.toString().trim();
        return s.equals("\"\"") ? "" : s; // CC's INI writes an explicit empty value as ""
    }

    /** @throws IllegalArgumentException naming {@code name} unless the value is an integer in [min, max] */
    public long integer(String name, long dflt, long min, long max) {
        Object v = map.get(name);
        if (v == null || v.toString().isBlank()) {
            return dflt;
        }
        long n;
        if (v instanceof Number) {
            n = ((Number) v).longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(name, v, "an integer");
            }
        }
        if (n < min || n > max) {
            throw invalid(name, v, "between " + min + " and " + max);
        }
        return n;
    }

    public int integer(String name, int dflt, int min, int max) {
        return (int) integer(name, (long) dflt, min, max);
    }

    /** A size with CC's optional unit suffix ({@code 64 KB}, {@code 1M}; powers of 1024). */
    public long size(String name, long dflt) {
        Object v = map.get(name);
        if (v == null || v.toString().isBlank()) {
            return dflt;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            return parseSize(v.toString());
        } catch (IllegalArgumentException e) {
            throw invalid(name, v, "a size like 64 KB");
        }
    }

    /** CC booleans: 1/yes/true/on and 0/no/false/off. */
    public boolean bool(String name, boolean dflt) {
        Object v = map.get(name);
        if (v == null || v.toString().isBlank()) {
            return dflt;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "1": case "yes": case "true": case "on":
                return true;
            case "0": case "no": case "false": case "off":
                return false;
            default:
                throw invalid(name, v, "one of yes/no/true/false/on/off/1/0");
        }
    }

    /**
     * A list: a String[] or Collection, and every element may itself be a comma-separated list (CC's
     * syntax, and what a {@code .cfg} file gives). Empty elements are dropped.
     */
    public List<String> list(String name, List<String> dflt) {
        Object v = map.get(name);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String[]) {
            for (String s : (String[]) v) {
                split(s, out);
            }
        } else if (v instanceof Collection) {
            for (Object o : (Collection<?>) v) {
                split(String.valueOf(o), out);
            }
        } else {
            split(v.toString(), out);
        }
        return List.copyOf(out);
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty() && !t.equals("\"\"")) {
                out.add(t);
            }
        }
    }

    /**
     * CC's human sizes: {@code <digits> [K|M|G|T|P|E][B]}, case-insensitive, powers of 1024.
     *
     * @throws IllegalArgumentException if {@code text} is not such a size or does not fit a long
     */
    public static long parseSize(String text) {
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

    /** @return "{@code name} must be {@code expected}, was '{@code value}'" */
    public static IllegalArgumentException invalid(String name, Object value, String expected) {
        return new IllegalArgumentException(name + " must be " + expected + ", was '" + value + "'");
    }
}
