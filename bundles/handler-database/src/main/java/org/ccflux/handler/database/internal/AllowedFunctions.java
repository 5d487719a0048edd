package org.ccflux.handler.database.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ccflux.api.CcOptions;

/**
 * {@code allowed-functions}: empty allows nothing (CC's behaviour, now logged at start instead of silent),
 * {@code *} allows everything, otherwise the listed names. Names compare in their qualified form, so
 * {@code test_json} and {@code public.test_json} are the same entry (both call {@code public.test_json}).
 */
final class AllowedFunctions {
    static final String PROPERTY = "allowed-functions";

    private final boolean all;
    private final Set<FunctionName> names;

    private AllowedFunctions(boolean all, Set<FunctionName> names) {
        this.all = all;
        this.names = names;
    }

    /** @throws IllegalArgumentException naming {@value #PROPERTY} if an entry is not a function name */
    static AllowedFunctions of(List<String> entries) {
        Set<FunctionName> names = new LinkedHashSet<>();
        boolean all = false;
        for (String entry : entries) {
            if (entry.equals("*")) {
                all = true;
                continue;
            }
            try {
                names.add(FunctionName.parse(entry));
            } catch (IllegalArgumentException e) {
                throw CcOptions.invalid(PROPERTY, entry, "* or a list of function names (name or schema.name)");
            }
        }
        return new AllowedFunctions(all, Set.copyOf(names));
    }

    boolean allows(FunctionName function) {
        return all || names.contains(function);
    }

    boolean none() {
        return !all && names.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedFunctions && ((AllowedFunctions) o).all == all && ((AllowedFunctions) o).names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode() + (all ? 1 : 0);
    }

    @Override
    public String toString() {
        return all ? "*" : none() ? "(none)" : names.toString();
    }
}
