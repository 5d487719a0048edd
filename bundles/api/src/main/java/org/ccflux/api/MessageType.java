package org.ccflux.api;

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


    private MessageType() {
    }

    /** @return true if {@code type} is a valid CC message type */
    public static boolean isValid(String type) {
        if (type == null || type.isEmpty() || type.length() > MAX_LENGTH) {
            return false;
        }
        // [a-zA-Z0-9_-]+ (\.[a-zA-Z0-9_-]+)*, scanned by hand: it runs for every message received and sent.
        boolean componentStart = true;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '.') {
                if (componentStart) {
                    return false;
                }
                componentStart = true;
            } else if (isComponentChar(c)) {
                componentStart = false;
            } else {
                return false;
            }
        }
        return !componentStart;
    }

    private static boolean isComponentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
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
