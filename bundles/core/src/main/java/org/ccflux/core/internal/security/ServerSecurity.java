package org.ccflux.core.internal.security;

import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.MessageOpener;
import org.ccflux.crypto.MessageSealer;

/**
 * The server's loaded message security: the {@link MessageSealer} for every message the server creates
 * ({@code cms-sign}, {@code cms-encrypt}) and, when incoming messages are checked, the {@link MessageOpener}
 * ({@code cms-verify-ca}, {@code cms-decrypt}, {@code cms-time-window}, replay cache, allow-list). Immutable.
 *
 * <p>Built once per change of the {@code cms-*} settings: the opener holds the replay cache, so keeping the
 * instance across unrelated configuration changes keeps the cache (a fresh cache would let a copy of a
 * recently accepted message through again).
 */
public final class ServerSecurity {
    private static final ServerSecurity NONE = new ServerSecurity(CryptoOptions.none(), MessageSealer.create(CryptoOptions.none()), null);

    private final CryptoOptions options;
    private final MessageSealer sealer;
    private final MessageOpener opener;

    private ServerSecurity(CryptoOptions options, MessageSealer sealer, MessageOpener opener) {
        this.options = options;
        this.sealer = sealer;
        this.opener = opener;
    }

    /** @return no crypto at all: messages are neither sealed nor opened (CC's default) */
    public static ServerSecurity none() {
        return NONE;
    }

    /**
     * Loads the keys and certificates the options name.
     *
     * @param opens whether incoming messages are checked (see {@code ServerConfig.opensMessages()})
     * @throws IllegalArgumentException naming the property and the file if one cannot be used
     */
    public static ServerSecurity create(CryptoOptions options, boolean opens) {
        MessageSealer sealer = MessageSealer.create(options);
        MessageOpener opener = opens ? MessageOpener.create(options) : null;
        return new ServerSecurity(options, sealer, opener);
    }

    public CryptoOptions options() {
        return options;
    }

    /** @return seals what the server sends; never null (without {@code cms-sign} it only writes the JSON) */
    public MessageSealer sealer() {
        return sealer;
    }

    /** @return checks incoming messages; null when the server does not check them (no security stage) */
    public MessageOpener opener() {
        return opener;
    }

    /** @return true if incoming messages go through the security stage */
    public boolean opens() {
        return opener != null;
    }
}
