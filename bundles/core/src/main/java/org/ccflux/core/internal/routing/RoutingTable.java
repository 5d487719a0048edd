package org.ccflux.core.internal.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ccflux.api.MessageType;

/**
 * An immutable snapshot of prefix → targets. CC's rule: every prefix of the type, from {@code *} to the
 * full type, shortest first, every target of each; a target listed under two matching prefixes is
 * returned twice. Within a prefix: ranking descending, then service id ascending.
 */
public final class RoutingTable {
    public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of());
    private static final Target[] NONE = new Target[0];

    private final Map<String, Target[]> byPrefix;
    /** Handler instances by name, for forwarding; a name two handlers share is left out. */
    private final Map<String, Target> byName;

    private RoutingTable(Map<String, Target[]> byPrefix, Map<String, Target> byName) {
        this.byPrefix = byPrefix;
        this.byName = byName;
    }

    /** @return the handler instance {@code name}, or null if none (or more than one) has that name */
    public Target named(String name) {
        return byName.get(name);
    }

    /** @return the targets for {@code type} in delivery order; empty if nothing matches */
    public Target[] lookup(String type) {
        Target[] any = byPrefix.get(MessageType.ANY);
        List<Target> out = null;
        Target[] single = any;
        int from = 0;
        while (true) {
            int dot = type.indexOf('.', from);
            Target[] found = byPrefix.get(dot < 0 ? type : type.substring(0, dot));
            if (found != null) {
                if (single == null) {
                    single = found;
                } else {
                    if (out == null) {
                        out = new ArrayList<>(single.length + found.length);
                        addAll(out, single);
                    }
                    addAll(out, found);
                }
            }
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        if (out != null) {
            return out.toArray(NONE);
        }
        return single == null ? NONE : single;
    }

    /** @return the prefixes with at least one target, for status output */
    public Map<String, List<String>> describe() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        byPrefix.forEach((k, v) -> {
            List<String> names = new ArrayList<>();
            for (Target t : v) {
                names.add(t.name());
            }
            out.put(k, names);
        });
        return out;
    }

    private static void addAll(List<Target> out, Target[] targets) {
        for (Target t : targets) {
            out.add(t);
        }
    }

    /** Collects (prefix, target, ranking, service id) entries and builds a table. */
    public static final class Builder {
        private final Map<String, List<Entry>> entries = new HashMap<>();
        private final Map<String, Target> names = new HashMap<>();
        private final java.util.Set<String> ambiguous = new java.util.HashSet<>();

        /** Makes {@code target} reachable by its name; a second target of the same name makes the name ambiguous. */
        public Builder name(Target target) {
            if (names.putIfAbsent(target.name(), target) != null) {
                ambiguous.add(target.name());
            }
            return this;
        }

        /** @return names more than one handler has: forwarding to them is refused */
        public java.util.Set<String> ambiguousNames() {
            return ambiguous;
        }

        public Builder add(String prefix, Target target, int ranking, long serviceId) {
            entries.computeIfAbsent(prefix, k -> new ArrayList<>()).add(new Entry(target, ranking, serviceId));
            return this;
        }

        public RoutingTable build() {
            Map<String, Target[]> map = new HashMap<>();
            Comparator<Entry> order = Comparator.comparingInt((Entry e) -> e.ranking).reversed().thenComparingLong(e -> e.serviceId);
            entries.forEach((prefix, list) -> {
                list.sort(order);
                map.put(prefix, list.stream().map(e -> e.target).toArray(Target[]::new));
            });
            Map<String, Target> byName = new HashMap<>(names);
            byName.keySet().removeAll(ambiguous);
            return new RoutingTable(Map.copyOf(map), Map.copyOf(byName));
        }
    }

    private static final class Entry {
        final Target target;
        final int ranking;
        final long serviceId;

        Entry(Target target, int ranking, long serviceId) {
            this.target = target;
            this.ranking = ranking;
            this.serviceId = serviceId;
        }
    }
}
