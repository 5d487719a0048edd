package org.ccflux.api;

import java.util.Map;

/**
 * The instance name of a handler, from its service or component properties: {@link MessageHandler#NAME} if
 * set, else the name part of its configuration ({@code org.ccflux.handler.proxy-central.cfg} and the
 * configuration {@code org.ccflux.handler.proxy~central} both give {@code central}). The core uses it in
 * logs and counters; a handler can use it to name its own counters the same way.
 *
 * @since 1.1
 */
public final class HandlerNames {
    private HandlerNames() {
    }

    /** @return the instance name, or {@code fallback} if the properties carry none */
    public static String of(Map<String, ?> properties, String fallback) {
        Object explicit = properties.get(MessageHandler.NAME);
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().trim();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String base = file.toString().substring(file.toString().lastIndexOf('/') + 1).replaceFirst("\\.(cfg|config)$", "");
            return afterSeparator(base);
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().indexOf('~') >= 0) {
            return afterSeparator(pid.toString());
        }
        return fallback;
    }

    /** {@code <pid>-<name>} (FileInstall) or {@code <pid>~<name>}: PIDs have no hyphen, names may. */
    private static String afterSeparator(String base) {
        int dash = base.indexOf('-');
        int tilde = base.indexOf('~');
        int sep = dash < 0 ? tilde : tilde < 0 ? dash : Math.min(dash, tilde);
        return sep >= 0 ? base.substring(sep + 1) : base;
    }
}
