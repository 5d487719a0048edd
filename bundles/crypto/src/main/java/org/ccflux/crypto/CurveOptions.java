package org.ccflux.crypto;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.ccflux.api.CcOptions;

/**
 * The {@code curve-*} options: CurveZMQ transport encryption (ZeroMQ's CURVE mechanism) on a socket, an
 * addition to CC, which has none. Keys come from {@code curve-keystore} (see {@link CurveKeys}).
 * <ul>
 * <li>A socket that <b>binds</b> ({@code cc-socket}) becomes a CURVE server when {@code curve-key} names its key
 * pair; clients must then know its public key, and plain connections are refused.</li>
 * <li>A socket that <b>connects</b> (proxy, client) becomes a CURVE client when {@code curve-server-key} names
 * the server's public key; {@code curve-key} optionally names its own pair, otherwise a fresh pair is made per
 * connection.</li>
 * </ul>
 * CURVE encrypts and authenticates the connection hop by hop; CC's message-level CMS signatures still say who
 * wrote a message across proxies. Immutable; keys are read when the options are parsed.
 *
 * @since 1.1
 */
public final class CurveOptions {
    /** Key directory, default: the current directory (as {@code cms-keystore}). */
    public static final String KEYSTORE = "curve-keystore";
    /** This socket's own key pair. */
    public static final String KEY = "curve-key";
    /** The public key of the server a connecting socket talks to. */
    public static final String SERVER_KEY = "curve-server-key";

    private static final CurveOptions NONE = new CurveOptions(null, null);

    private final CurveKeys own;
    private final CurveKeys server;

    private CurveOptions(CurveKeys own, CurveKeys server) {
        this.own = own;
        this.server = server;
    }

    /** @return no CURVE: plain ZeroMQ connections, as CC */
    public static CurveOptions none() {
        return NONE;
    }

    /** @return options for a connecting socket that talks to the server whose public key is {@code server} */
    public static CurveOptions client(CurveKeys server, CurveKeys own) {
        if (own != null && own.secretKey().isEmpty()) {
            throw new IllegalArgumentException("own CurveZMQ keys need the secret key");
        }
        return new CurveOptions(own, Objects.requireNonNull(server, "server"));
    }

    /**
     * Reads the options and loads the keys they name.
     *
     * @param properties a Config Admin map; other keys are ignored
     * @throws IllegalArgumentException naming the property if a name is invalid or a key file missing or bad
     */
    public static CurveOptions parse(Map<String, ?> properties) {
        CcOptions o = new CcOptions(properties);
        String ownName = o.string(KEY, "");
        String serverName = o.string(SERVER_KEY, "");
        if (ownName.isEmpty() && serverName.isEmpty()) {
            return NONE;
        }
        Keystore keystore = Keystore.open(o.string(KEYSTORE, ""));
        CurveKeys own = ownName.isEmpty() ? null : load(KEY, ownName, () -> keystore.curveKeyPair(ownName));
        CurveKeys server = serverName.isEmpty() ? null : load(SERVER_KEY, serverName, () -> keystore.curvePublicKey(serverName));
        return new CurveOptions(own, server);
    }

    private static CurveKeys load(String property, String name, Supplier<CurveKeys> reader) {
        try {
            return reader.get();
        } catch (KeystoreException | IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return these options, checked for a socket that binds
     * @throws IllegalArgumentException naming the property if {@code curve-server-key} is set (it is for
     *         connecting sockets; a server uses {@code curve-key})
     */
    public CurveOptions forBinding() {
        if (server != null) {
            throw new IllegalArgumentException(SERVER_KEY + " is for connections to a CURVE server; a listening "
                    + "socket is made a CURVE server by " + KEY);
        }
        return this;
    }

    /**
     * @return these options, checked for a socket that connects
     * @throws IllegalArgumentException naming the property if {@code curve-key} is set without
     *         {@code curve-server-key} (a CURVE client must know the server's key)
     */
    public CurveOptions forConnecting() {
        if (own != null && server == null) {
            throw new IllegalArgumentException(KEY + " on a connection needs " + SERVER_KEY
                    + ": a CURVE client must know the server's public key");
        }
        return this;
    }

    /** @return the socket's own key pair, if named */
    public Optional<CurveKeys> own() {
        return Optional.ofNullable(own);
    }

    /** @return the server's public key, for a connecting socket */
    public Optional<CurveKeys> server() {
        return Optional.ofNullable(server);
    }

    /** @return true if nothing is set: a plain connection */
    public boolean isNone() {
        return own == null && server == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveOptions && Objects.equals(own, ((CurveOptions) o).own)
                && Objects.equals(server, ((CurveOptions) o).server);
    }

    @Override
    public int hashCode() {
        return Objects.hash(own, server);
    }

    @Override
    public String toString() {
        return isNone() ? "curve=off"
                : "curve-key=" + (own == null ? "-" : own.publicText()) + ", curve-server-key=" + (server == null ? "-" : server.publicText());
    }
}
