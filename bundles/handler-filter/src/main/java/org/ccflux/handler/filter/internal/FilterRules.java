package org.ccflux.handler.filter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcOptions;

/** A filter instance's settings: {@code forward-to}, {@code include}, {@code exclude}. Immutable. */
final class FilterRules {
    static final String FORWARD_TO = "forward-to";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";

    final String target;
    final List<TypePattern> include;
    final List<TypePattern> exclude;

    private FilterRules(String target, List<TypePattern> include, List<TypePattern> exclude) {
        this.target = target;
        this.include = include;
        this.exclude = exclude;
    }

    /** @throws IllegalArgumentException naming the property on the first invalid value */
    static FilterRules parse(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        String target = o.string(FORWARD_TO, "");
        if (target.isEmpty()) {
            throw new IllegalArgumentException(FORWARD_TO + " is required: the name of the handler instance to pass messages to");
        }
        return new FilterRules(target, patterns(o, INCLUDE), patterns(o, EXCLUDE));
    }

    private static List<TypePattern> patterns(CcOptions o, String property) {
        List<TypePattern> out = new ArrayList<>();
        for (String p : o.list(property, List.of())) {
            try {
                out.add(TypePattern.parse(p));
            } catch (IllegalArgumentException e) {
                throw CcOptions.invalid(property, p, "shell patterns (*, ?, [set])");
            }
        }
        return List.copyOf(out);
    }

    /** CC's order: any exclude match drops; else a non-empty include list must match. */
    boolean passes(String type) {
        for (TypePattern p : exclude) {
            if (p.matches(type)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (TypePattern p : include) {
            if (p.matches(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return FORWARD_TO + "=" + target + ", " + INCLUDE + "=" + include + ", " + EXCLUDE + "=" + exclude;
    }
}
