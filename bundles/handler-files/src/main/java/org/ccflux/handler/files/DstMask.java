package org.ccflux.handler.files;

import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcOptions;

/**
 * CC's {@code dstmask} (reference §6.10, used by §6.11 too): a Python %-template over {@code %(hostname)s},
 * {@code %(filepath)s} (the path the sender sent) and {@code %(filename)s} (its last component), with {@code %%}
 * for a literal {@code %}. The result is a path relative to {@code dstdir}, not yet checked for containment
 * ({@link PathGuard#inside}). Parsed once, at configuration; anything else is refused there. Immutable.
 *
 * @since 1.0
 */
public final class DstMask {
    /** CC's mask when {@code dstmask} is empty and {@code host-subdirs} is on. */
    public static final String LEGACY_SUBDIRS = "%(hostname)s/%(filename)s";
    /** CC's mask when {@code dstmask} is empty and {@code host-subdirs} is off. */
    public static final String LEGACY_FLAT = "%(hostname)s--%(filename)s";

    private enum Field {
        HOSTNAME("(hostname)s"), FILEPATH("(filepath)s"), FILENAME("(filename)s");

        final String token;

        Field(String token) {
            this.token = token;
        }

        /** @return the field whose token (what follows the {@code %}) starts at {@code from}, or null */
        static Field at(String text, int from) {
            for (Field f : values()) {
                if (text.startsWith(f.token, from)) {
                    return f;
                }
            }
            return null;
        }
    }

    private final String text;
    /** Literal {@link String}s and {@link Field}s, in order, no two literals in a row. */
    private final List<Object> parts;

    private DstMask(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @return {@code text} parsed, or CC's legacy mask for {@code hostSubdirs} if {@code text} is empty */
    public static DstMask of(String text, boolean hostSubdirs) {
        return parse(!text.isEmpty() ? text : hostSubdirs ? LEGACY_SUBDIRS : LEGACY_FLAT);
    }

    /** @throws IllegalArgumentException naming {@value FileOptions#DSTMASK} if the template is not one this can fill in */
    public static DstMask parse(String text) {
        String hint = text.contains("%%(") ? " (a .cfg file does not interpolate: write %(name)s with one %, not CC's %%(name)s)" : "";
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean namesFile = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (text.startsWith("%", i + 1)) {
                literal.append('%');
                i++;
                continue;
            }
            Field field = Field.at(text, i + 1);
            if (field == null) {
                throw CcOptions.invalid(FileOptions.DSTMASK, text, "a template of %(hostname)s, %(filepath)s, %(filename)s and %%" + hint);
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(field);
            namesFile |= field != Field.HOSTNAME;
            i += field.token.length();
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (!namesFile) {
            throw CcOptions.invalid(FileOptions.DSTMASK, text, "a template containing %(filename)s or %(filepath)s"
                    + (hint.isEmpty() ? " (without one, every file of a host would go to the same name)" : hint));
        }
        return new DstMask(text, List.copyOf(parts));
    }

    /** @return the relative path for one message; not yet checked for containment */
    public String apply(String hostname, String filepath, String filename) {
        StringBuilder out = new StringBuilder(text.length() + hostname.length() + filepath.length());
        for (Object part : parts) {
            if (part == Field.HOSTNAME) {
                out.append(hostname);
            } else if (part == Field.FILEPATH) {
                out.append(filepath);
            } else if (part == Field.FILENAME) {
                out.append(filename);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** @return the template as configured */
    @Override
    public String toString() {
        return text;
    }
}
