package org.ccflux.api;

import java.util.regex.Pattern;

/**
 * Rules for CC message types (the destination frame) and route patterns.
 *
 * <p>A type is one or more components of ASCII letters, digits, {@code _} and {@code -}, joined by
 * single dots: {@code log.info}, {@code pub.infofile.confdb}. Unlike the original CC, a trailing
 * newline is not accepted. A route pattern is a type, or {@code *} which matches every message.
 *
 * @since 1.0
 */
public final class MessageType {
    /** The route pattern that matches every message type. */
    public static final String ANY = "*";
    /** Longest type accepted; far above anything CC produces, low enough to refuse junk cheaply. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]+(?:[.][a-zA-Z0-9_-]+)*");

    private MessageType() {
    }

    /** @return true if {@code type} is a valid CC message type */
    public static boolean isValid(String type) {
        return type != null && !type.isEmpty() && type.length() <= MAX_LENGTH && VALID.matcher(type).matches();
    }

    /** @return true if {@code pattern} is {@code *} or a valid type */
    public static boolean isValidPattern(String pattern) {
        return ANY.equals(pattern) || isValid(pattern);
    }

    /**
     * Whole-component prefix test: {@code pub} matches {@code pub} and {@code pub.infofile} but not
     * {@code public.x}; {@code *} matches everything.
     */
    public static boolean matches(String pattern, String type) {
        if (ANY.equals(pattern)) {
            return true;
        }
        return type.startsWith(pattern)
                && (type.length() == pattern.length() || type.charAt(pattern.length()) == '.');
    }
}
