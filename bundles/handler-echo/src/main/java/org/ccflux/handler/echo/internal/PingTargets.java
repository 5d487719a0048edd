package org.ccflux.handler.echo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses and checks {@code ping-remotes}: a comma-separated list (or array) of tcp:// endpoints. */
final class PingTargets {
    static final String PROPERTY = "ping-remotes";
    private static final Pattern TCP = Pattern.compile("tcp://[A-Za-z0-9_.\\-\\[\\]:]+:\\d{1,5}");

    private PingTargets() {
    }

    static List<String> parse(Map<String, ?> properties) {
        Object v = properties.get(PROPERTY);
        List<String> out = new ArrayList<>();
        if (v instanceof String[]) {
            for (String s : (String[]) v) {
                split(s, out);
            }
        } else if (v != null) {
            split(v.toString(), out);
        }
        return List.copyOf(out);
    }

    private static void split(String value, List<String> out) {
        for (String part : value.split(",")) {
            String url = part.trim();
            if (url.isEmpty() || url.equals("\"\"")) {
                continue;
            }
            if (!TCP.matcher(url).matches()) {
                throw new IllegalArgumentException(PROPERTY + " must list endpoints like tcp://host:port, was '" + url + "'");
            }
            out.add(url);
        }
    }
}
