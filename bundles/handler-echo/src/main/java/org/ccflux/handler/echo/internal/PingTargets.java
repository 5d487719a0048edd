package org.ccflux.handler.echo.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ccflux.api.CcOptions;

/** Parses and checks {@code ping-remotes}: a comma-separated list (or array) of tcp:// endpoints. */
final class PingTargets {
    static final String PROPERTY = "ping-remotes";
    private static final Pattern TCP = Pattern.compile("tcp://[A-Za-z0-9_.\\-\\[\\]:]+:\\d{1,5}");

    private PingTargets() {
    }

    static List<String> parse(Map<String, ?> properties) {
        List<String> urls = new CcOptions(properties).list(PROPERTY, List.of());
        for (String url : urls) {
            if (!TCP.matcher(url).matches()) {
                throw new IllegalArgumentException(PROPERTY + " must list endpoints like tcp://host:port, was '" + url + "'");
            }
        }
        return urls;
    }
}
