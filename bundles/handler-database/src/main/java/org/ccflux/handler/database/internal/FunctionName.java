package org.ccflux.handler.database.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated function name, {@code name} or {@code schema.name}; an unqualified name means {@code public.name},
 * as CC's {@code quote_fqident} had it. Only plain SQL identifier characters are accepted, so the name can never
 * carry SQL; it is still always written double-quoted ({@link #sql()}), which keeps upper case as given, as CC did.
 */
final class FunctionName {
    /** PostgreSQL identifiers are at most NAMEDATALEN - 1 = 63 bytes; these are ASCII. */
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    final String schema;
    final String name;

    private FunctionName(String schema, String name) {
        this.schema = schema;
        this.name = name;
    }

    /** @throws IllegalArgumentException with a text fit for the client if {@code text} is not such a name */
    static FunctionName parse(String text) {
        int dot = text.indexOf('.');
        String schema = dot < 0 ? "public" : text.substring(0, dot);
        String name = dot < 0 ? text : text.substring(dot + 1);
        if (!IDENT.matcher(schema).matches() || !IDENT.matcher(name).matches()) {
            throw new IllegalArgumentException("function must be name or schema.name of letters, digits, _ and $"
                    + " (at most 63 each, not starting with a digit)");
        }
        return new FunctionName(schema, name);
    }

    /** @return the name as SQL: {@code "schema"."name"} */
    String sql() {
        return quote(schema) + "." + quote(name);
    }

    private static String quote(String ident) {
        return '"' + ident.replace("\"", "\"\"") + '"';
    }

    /** @return {@code schema.name}, the form the allow-list compares and logs show */
    @Override
    public String toString() {
        return schema + "." + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionName && ((FunctionName) o).schema.equals(schema) && ((FunctionName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name);
    }
}
