package org.ccflux.handler.database.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code db} option: a libpq connection string, as CC took it ({@code host=db1 port=5432 dbname=confdb
 * user=cc password='s e c'}), or a {@code postgresql://} URI, turned into a pgjdbc URL and connection properties.
 * A {@code jdbc:postgresql:} URL is also accepted as it is.
 *
 * <p>Differences from libpq, all refused or reported rather than silently changed: Unix-domain sockets are not
 * supported (use TCP); {@code host} defaults to {@code localhost} instead of the socket directory;
 * {@code connect_timeout} defaults to {@value #DEFAULT_CONNECT_TIMEOUT} s instead of forever; keywords pgjdbc has
 * no equivalent for ({@link #IGNORED}) are accepted and listed by {@link #ignored()} so the handler can log them.
 * {@code ~/.pgpass} and {@code pg_service.conf} are read by pgjdbc itself.
 *
 * <p>Error texts and {@link #toString()} never contain the password.
 */
final class ConnInfo {
    static final String PROPERTY = "db";
    static final int DEFAULT_CONNECT_TIMEOUT = 10;

    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("user", "user"), Map.entry("password", "password"), Map.entry("options", "options"),
            Map.entry("sslmode", "sslmode"), Map.entry("sslcert", "sslcert"), Map.entry("sslkey", "sslkey"),
            Map.entry("sslrootcert", "sslrootcert"), Map.entry("sslpassword", "sslpassword"),
            Map.entry("gssencmode", "gssEncMode"), Map.entry("krbsrvname", "kerberosServerName"),
            Map.entry("gsslib", "gsslib"), Map.entry("service", "service"), Map.entry("application_name", "ApplicationName"));
    /** Handled by hand below. */
    private static final Set<String> SPECIAL = Set.of("host", "hostaddr", "port", "dbname", "connect_timeout",
            "fallback_application_name", "keepalives", "target_session_attrs", "load_balance_hosts", "client_encoding");
    /** Valid for libpq, no pgjdbc equivalent: accepted, reported. */
    static final Set<String> IGNORED = Set.of("passfile", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "tcp_user_timeout", "sslcrl", "sslcrldir", "sslsni", "sslcompression", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "requirepeer", "channel_binding", "require_auth", "sslcertmode", "requiressl");
    private static final Set<String> SECRET = Set.of("password", "sslpassword");
    private static final Set<String> SSLMODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "read-write", "primary", "primary", "primary",
            "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}|[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*");

    private final String url;
    private final Map<String, String> properties;
    private final List<String> ignored;

    private ConnInfo(String url, Map<String, String> properties, List<String> ignored) {
        this.url = url;
        this.properties = Map.copyOf(properties);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * @param text the {@code db} value
     * @param applicationName {@code application_name} unless the string sets one
     * @throws IllegalArgumentException starting with {@code db} if the string cannot be used
     */
    static ConnInfo parse(String text, String applicationName) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " is required: a libpq connection string such as"
                    + " 'host=127.0.0.1 port=5432 dbname=confdb user=cc' or a postgresql:// URI");
        }
        if (s.startsWith("jdbc:")) {
            return jdbc(s, applicationName);
        }
        Map<String, String> keywords = s.startsWith("postgresql://") || s.startsWith("postgres://")
                ? LibpqSyntax.uri(s) : LibpqSyntax.keywordValue(s);
        return fromKeywords(keywords, applicationName);
    }

    /** @return the pgjdbc URL (it never contains the password unless the operator wrote a jdbc: URL with one) */
    String url() {
        return url;
    }

    /** @return a fresh copy of the connection properties for the driver */
    Properties properties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    /** @return the libpq keywords that were given but have no effect with pgjdbc */
    List<String> ignored() {
        return ignored;
    }

    private static ConnInfo jdbc(String s, String applicationName) {
        if (!s.startsWith("jdbc:postgresql:") || org.postgresql.Driver.parseURL(s, null) == null) {
            throw new IllegalArgumentException(PROPERTY + " is not a valid jdbc:postgresql: URL");
        }
        Map<String, String> props = new TreeMap<>();
        props.put("stringtype", "unspecified");
        props.put("ApplicationName", applicationName);
        props.put("tcpKeepAlive", "true");
        props.put("connectTimeout", Integer.toString(DEFAULT_CONNECT_TIMEOUT));
        // Settings written in the URL win over these defaults (pgjdbc lets URL parameters override properties).
        return new ConnInfo(s, props, List.of());
    }

    private static ConnInfo fromKeywords(Map<String, String> kw, String applicationName) {
        List<String> ignored = new ArrayList<>();
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, String> e : kw.entrySet()) {
            String key = e.getKey();
            if (RENAMED.containsKey(key)) {
                props.put(RENAMED.get(key), e.getValue());
            } else if (IGNORED.contains(key)) {
                ignored.add(key);
            } else if (key.equals("replication")) {
                throw new IllegalArgumentException(PROPERTY + ": replication connections cannot call functions");
            } else if (!SPECIAL.contains(key)) {
                throw new IllegalArgumentException(PROPERTY + ": unknown connection option '" + key + "'");
            }
        }
        String user = kw.getOrDefault("user", System.getProperty("user.name", "postgres"));
        props.put("user", user);
        String dbname = kw.getOrDefault("dbname", "");
        if (dbname.isEmpty()) {
            dbname = user; // libpq's default
        }
        if (props.containsKey("sslmode") && !SSLMODES.contains(props.get("sslmode"))) {
            throw invalid("sslmode", props.get("sslmode"), "one of disable, allow, prefer, require, verify-ca, verify-full");
        }
        props.put("connectTimeout", Integer.toString(connectTimeout(kw.get("connect_timeout"))));
        props.put("tcpKeepAlive", Boolean.toString(!"0".equals(kw.getOrDefault("keepalives", "1").trim())));
        props.putIfAbsent("ApplicationName", kw.getOrDefault("fallback_application_name", applicationName));
        if (kw.containsKey("target_session_attrs")) {
            String v = SESSION_ATTRS.get(kw.get("target_session_attrs"));
            if (v == null) {
                throw invalid("target_session_attrs", kw.get("target_session_attrs"), "one of " + SESSION_ATTRS.keySet());
            }
            props.put("targetServerType", v);
        }
        if (kw.containsKey("load_balance_hosts")) {
            String v = kw.get("load_balance_hosts");
            if (!v.equals("disable") && !v.equals("random")) {
                throw invalid("load_balance_hosts", v, "disable or random");
            }
            props.put("loadBalanceHosts", Boolean.toString(v.equals("random")));
        }
        String encoding = kw.get("client_encoding");
        if (encoding != null && !encoding.replace("-", "").equalsIgnoreCase("utf8") && !encoding.equalsIgnoreCase("auto")) {
            throw invalid("client_encoding", encoding, "UTF8 (the JDBC driver always talks UTF8)");
        }
        // Strings are sent untyped, as psycopg2's quoted literals were, so PostgreSQL picks the parameter type.
        props.put("stringtype", "unspecified");
        String url = "jdbc:postgresql://" + hosts(kw) + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
        return new ConnInfo(url, props, ignored);
    }

    private static String hosts(Map<String, String> kw) {
        String hostList = kw.containsKey("hostaddr") && !kw.get("hostaddr").isBlank() ? kw.get("hostaddr") : kw.getOrDefault("host", "");
        String[] hosts = hostList.split(",", -1);
        String[] ports = kw.getOrDefault("port", "").split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new IllegalArgumentException(PROPERTY + ": port lists " + ports.length + " ports for " + hosts.length + " hosts");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].trim();
            if (host.isEmpty()) {
                host = "localhost";
            }
            if (host.startsWith("/") || host.startsWith("@")) {
                throw new IllegalArgumentException(PROPERTY + ": Unix-domain sockets are not supported ('" + host
                        + "'); connect over TCP, e.g. host=127.0.0.1");
            }
            if (!HOST.matcher(host).matches()) {
                throw invalid("host", host, "a host name or IP address");
            }
            String port = ports[ports.length == 1 ? 0 : i].trim();
            int p = port.isEmpty() ? 5432 : number("port", port, 1, 65535);
            if (i > 0) {
                out.append(',');
            }
            out.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(p);
        }
        return out.toString();
    }

    private static int connectTimeout(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_CONNECT_TIMEOUT;
        }
        int t = number("connect_timeout", value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (t <= 0) {
            return 0; // libpq: wait forever (pgjdbc: 0 = no limit)
        }
        return Math.max(t, 2); // libpq's minimum
    }

    private static int number(String keyword, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(keyword, value, "an integer" + (min > Integer.MIN_VALUE ? " from " + min + " to " + max : ""));
    }

    private static IllegalArgumentException invalid(String keyword, String value, String expected) {
        return new IllegalArgumentException(PROPERTY + ": " + keyword + " must be " + expected + ", was '" + value + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnInfo && ((ConnInfo) o).url.equals(url) && ((ConnInfo) o).properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return url.hashCode() * 31 + properties.hashCode();
    }

    /** @return where and as whom it connects, for log lines: {@code jdbc:postgresql://h:5432/db as user} */
    String target() {
        return url.replaceAll("\\?.*", "") + (properties.containsKey("user") ? " as " + properties.get("user") : "");
    }

    /** @return the URL and the properties, secrets masked: safe to log */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(url.replaceAll("(?i)(password=)[^&]*", "$1***"));
        new TreeMap<>(properties).forEach((k, v) -> b.append(' ').append(k).append('=').append(SECRET.contains(k) ? "***" : v));
        return b.toString();
    }
}
