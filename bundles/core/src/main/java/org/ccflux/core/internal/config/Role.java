package org.ccflux.core.internal.config;

import org.ccflux.api.CcOptions;
import java.util.Locale;

/** CC's {@code cc-role}: which handlers a server may run. */
public enum Role {
    LOCAL, REMOTE, INSECURE;

    public static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CcOptions.invalid(ServerConfig.CC_ROLE, value, "one of local, remote, insecure");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
