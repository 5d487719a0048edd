package org.ccflux.handler.database.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * libpq's two connection string syntaxes (PQconninfoParse) read into keyword/value pairs; {@link ConnInfo} gives
 * them meaning. Error texts start with {@code db} and never contain a value (it may be the password).
 */
final class LibpqSyntax {
    private static final String PROPERTY = ConnInfo.PROPERTY;

    private LibpqSyntax() {
    }

    /** libpq's {@code keyword = value} syntax: values may be single-quoted; backslash escapes the next character. */
    static Map<String, String> keywordValue(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new IllegalArgumentException(PROPERTY + ": missing '=' after '" + key + "' (expected keyword=value pairs)");
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException(PROPERTY + ": unterminated quoted value of '" + key + "'");
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            out.put(key.toLowerCase(Locale.ROOT), value.toString());
        }
    }

    /** {@code postgresql://[user[:password]@][host[:port][,...]][/dbname][?keyword=value&...]}, percent-decoded. */
    static Map<String, String> uri(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = s.substring(s.indexOf("://") + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        rest = q < 0 ? rest : rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && slash + 1 < rest.length()) {
            out.put("dbname", decode(rest.substring(slash + 1)));
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            out.put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                out.put("password", decode(userInfo.substring(colon + 1)));
            }
            authority = authority.substring(at + 1);
        }
        if (!authority.isEmpty()) {
            List<String> hosts = new ArrayList<>();
            List<String> ports = new ArrayList<>();
            for (String hp : authority.split(",", -1)) {
                String host = hp;
                String port = "";
                if (hp.startsWith("[")) {
                    int end = hp.indexOf(']');
                    if (end < 0) {
                        throw new IllegalArgumentException(PROPERTY + ": unterminated [IPv6 address] in URI");
                    }
                    host = hp.substring(1, end);
                    port = hp.length() > end + 1 && hp.charAt(end + 1) == ':' ? hp.substring(end + 2) : "";
                } else if (hp.indexOf(':') >= 0) {
                    host = hp.substring(0, hp.indexOf(':'));
                    port = hp.substring(hp.indexOf(':') + 1);
                }
                hosts.add(decode(host));
                ports.add(port);
            }
            out.put("host", String.join(",", hosts));
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                out.put("port", String.join(",", ports));
            }
        }
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(PROPERTY + ": URI parameter without value: '" + pair.replaceAll("=.*", "") + "'");
                }
                out.put(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + ": bad %-escape in URI");
        }
    }
}
