package org.ccflux.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Minimal {@code --name value} command-line parsing; an unknown option is an error, not ignored. */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                names.add(args[i]);
                values.add(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
    }

    String positional(int index, String what) {
        if (index >= positional.size()) {
            throw new IllegalArgumentException("missing argument: " + what);
        }
        used.add("#" + index);
        return positional.get(index);
    }

    String option(String name, String fallback) {
        used.add(name);
        int i = names.lastIndexOf(name);
        return i < 0 ? fallback : values.get(i);
    }

    int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    double doubleOption(String name, double fallback) {
        return Double.parseDouble(option(name, Double.toString(fallback)));
    }

    Duration secondsOption(String name, double fallback) {
        return Duration.ofMillis(Math.round(doubleOption(name, fallback) * 1000));
    }

    void requireAllUsed() {
        for (String n : names) {
            if (!used.contains(n)) {
                throw new IllegalArgumentException("unknown option " + n);
            }
        }
        for (int i = 0; i < positional.size(); i++) {
            if (!used.contains("#" + i)) {
                throw new IllegalArgumentException("unexpected argument " + positional.get(i));
            }
        }
    }
}
