package org.ccflux.core.internal.config;

import org.ccflux.api.CcOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ccflux.crypto.CryptoOptions;

/**
 * The validated {@code [ccserver]} settings: CC's option names and defaults, parsed once per
 * (re)configuration. Construction fails with a message naming the property; the caller keeps the
 * previous instance in that case.
 *
 * <p>The {@code cms-*} options (message security, reference §5.2) are parsed here too, by
 * {@link CryptoOptions#parse} on the same map, so an invalid crypto setting is refused like any other
 * option. Key files are only checked for existence here; {@code ServerSecurity} loads them.
 */
public final class ServerConfig {
    public static final String PID = "org.ccflux.server";

    public static final String CC_SOCKET = "cc-socket";
    public static final String CC_ROLE = "cc-role";
    public static final String CC_STATS = "cc-stats";
    public static final String STATS_PERIOD = "stats-period";
    public static final String INFOFILE = "infofile";
    public static final String INFOFILE_LEVEL = "infofile-level";
    public static final String EGRESS_QUEUE = "egress-queue";

    private static final Pattern TCP_ENDPOINT = Pattern.compile("tcp://(\\*|[A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");

    public final String ccSocket;
    public final Role role;
    public final boolean roleDefaulted;
    public final int ccStats;
    public final int statsPeriodSeconds;
    public final Path infofile;
    public final int infofileLevel;
    public final int egressQueue;
    public final SocketOptions socket;
    /** The {@code cms-*} options; {@link CryptoOptions#none()} equivalent when none is set. */
    public final CryptoOptions crypto;
    /** The {@code cms-*} properties as given (sorted, trimmed text): tells whether the crypto settings changed. */
    public final Map<String, String> cryptoProperties;

    public ServerConfig(Map<String, ?> properties) {
        CcOptions p = new CcOptions(properties);
        if (!p.has(CC_SOCKET)) {
            throw new IllegalArgumentException(CC_SOCKET + " is required (for example tcp://127.0.0.1:10000)");
        }
        ccSocket = endpoint(CC_SOCKET, p.string(CC_SOCKET, ""));
        roleDefaulted = !p.has(CC_ROLE);
        role = roleDefaulted ? Role.INSECURE : Role.parse(p.string(CC_ROLE, ""));
        ccStats = p.integer(CC_STATS, 1, 0, 10);
        statsPeriodSeconds = p.integer(STATS_PERIOD, 30, 1, 86_400);
        String info = p.string(INFOFILE, "");
        infofile = info.isEmpty() ? null : Paths.get(expandHome(info)).toAbsolutePath().normalize();
        infofileLevel = p.integer(INFOFILE_LEVEL, 2, 0, 10);
        egressQueue = p.integer(EGRESS_QUEUE, 10_000, 1, 10_000_000);
        socket = new SocketOptions(properties, true);
        crypto = CryptoOptions.parse(properties);
        Map<String, String> cms = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("cms-") && p.has(k)) {
                cms.put(k, p.string(k, ""));
            }
        });
        cryptoProperties = Map.copyOf(cms);
    }

    /**
     * @return true if incoming messages must be opened (verified, decrypted or time-checked): any of
     *         {@code cms-verify-ca}, {@code cms-decrypt}, {@code cms-time-window} is set. Otherwise the
     *         pipeline has no security stage at all.
     */
    public boolean opensMessages() {
        return crypto.opensIncoming();
    }

    /** @return true if the {@code cms-*} settings differ from {@code next}'s (keys are then loaded again) */
    public boolean cryptoChanged(ServerConfig next) {
        return !cryptoProperties.equals(next.cryptoProperties);
    }

    /**
     * Checks a ZeroMQ endpoint. Only {@code tcp://} is accepted: JeroMQ's {@code ipc://} is an
     * emulation over TCP that real libzmq peers cannot reach, so it is refused with that reason.
     */
    public static String endpoint(String property, String value) {
        if (value.startsWith("ipc://")) {
            throw new IllegalArgumentException(property + " must be a tcp:// endpoint: ipc:// is not interoperable with"
                    + " libzmq clients in this server (JeroMQ emulates it over TCP); was '" + value + "'");
        }
        var m = TCP_ENDPOINT.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw CcOptions.invalid(property, value, "an endpoint like tcp://host:port");
        }
        return value;
    }

    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    /** @return true if going from this config to {@code next} needs the socket to be rebound */
    public boolean needsRebind(ServerConfig next) {
        return !ccSocket.equals(next.ccSocket) || !socket.equals(next.socket) || egressQueue != next.egressQueue;
    }

    /** The effective settings for the INFO log line (key names and paths only, no key material). */
    @Override
    public String toString() {
        return CC_SOCKET + "=" + ccSocket + ", " + CC_ROLE + "=" + role.label() + ", " + CC_STATS + "=" + ccStats
                + ", " + STATS_PERIOD + "=" + statsPeriodSeconds + ", " + INFOFILE + "=" + (infofile == null ? "" : infofile)
                + ", " + INFOFILE_LEVEL + "=" + infofileLevel + ", " + EGRESS_QUEUE + "=" + egressQueue + ", " + socket
                + (cryptoProperties.isEmpty() ? "" : ", " + crypto);
    }
}
