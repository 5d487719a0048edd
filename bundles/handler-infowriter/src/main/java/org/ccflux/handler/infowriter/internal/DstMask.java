package org.ccflux.handler.infowriter.internal;

import java.util.ArrayList;
import java.util.List;
import org.ccflux.api.CcOptions;

/**
 * CC's {@code dstmask}: a Python %-template over {@code %(hostname)s}, {@code %(filepath)s} (the whole path
 * the sender sent) and {@code %(filename)s} (its last component), with {@code %%} for a literal {@code %}.
 * The result is a path relative to {@code dstdir}. Parsed once; anything else is refused at configuration.
 */
final class DstMask {
    static final String OPTION = "dstmask";
    /** CC's mask when {@code dstmask} is empty and {@code host-subdirs} is on. */
    static final String LEGACY_SUBDIRS = "%(hostname)s/%(filename)s";
    /** CC's mask when {@code dstmask} is empty and {@code host-subdirs} is off. */
    static final String LEGACY_FLAT = "%(hostname)s--%(filename)s";

    private enum Field { HOSTNAME, FILEPATH, FILENAME }

    private final String text;
    /** Literal {@link String}s and {@link Field}s, in order. */
    private final List<Object> parts;

    private DstMask(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming {@value #OPTION} if the template is not one this handler can fill */
    static DstMask parse(String text) {
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
            int close = text.indexOf(")s", i);
            Field field = text.startsWith("(", i + 1) && close > 0 ? field(text.substring(i + 2, close)) : null;
            if (field == null) {
                throw CcOptions.invalid(OPTION, text, "a template of %(hostname)s, %(filepath)s, %(filename)s and %%" + hint);
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(field);
            namesFile |= field != Field.HOSTNAME;
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (!namesFile) {
            throw CcOptions.invalid(OPTION, text, "a template containing %(filename)s or %(filepath)s"
                    + (hint.isEmpty() ? " (without one, every file of a host would overwrite the same name)" : hint));
        }
        return new DstMask(text, List.copyOf(parts));
    }

    private static Field field(String name) {
        switch (name) {
            case "hostname":
                return Field.HOSTNAME;
            case "filepath":
                return Field.FILEPATH;
            case "filename":
                return Field.FILENAME;
            default:
                return null;
        }
    }

    /** @return the relative path for one message; not yet checked for containment */
    String apply(String hostname, String filepath, String filename) {
        StringBuilder out = new StringBuilder(text.length() + filepath.length() + hostname.length());
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

    @Override
    public String toString() {
        return text;
    }
}
