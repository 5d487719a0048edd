package org.ccflux.handler.filter.internal;

import java.util.regex.Pattern;

/**
 * One {@code include}/{@code exclude} pattern, matched against the whole message type as CC does: a shell glob,
 * case-sensitive, {@code *} crossing dots, {@code ?} one character, {@code [abc]}/{@code [!abc]} a set. CC applies
 * glob matching to patterns without wildcards too, so {@code log.info} matches only itself, and sets work everywhere.
 */
final class TypePattern {
    private final String text;
    private final Pattern regex;

    private TypePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException if a {@code [} set is not closed */
    static TypePattern parse(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> i = appendSet(glob, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new TypePattern(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** @return the index of the closing {@code ]} */
    private static int appendSet(String glob, int open, StringBuilder re) {
        int i = open + 1;
        boolean negate = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negate) {
            i++;
        }
        int close = glob.indexOf(']', i < glob.length() && glob.charAt(i) == ']' ? i + 1 : i); // "[]x]" holds ']'
        if (close < 0) {
            throw new IllegalArgumentException("unclosed [ in pattern '" + glob + "'");
        }
        re.append('[').append(negate ? "^" : "");
        for (char c : glob.substring(i, close).toCharArray()) {
            re.append(c == '-' ? "-" : Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
        re.append(']');
        return close;
    }

    boolean matches(String type) {
        return regex.matcher(type).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
