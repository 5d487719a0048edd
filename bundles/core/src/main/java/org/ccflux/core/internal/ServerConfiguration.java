package org.ccflux.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of PID {@code org.ccflux.server}: CC's {@code [ccserver]} options under their original names
 * ({@code $_$} in a method name is a hyphen, {@code __} an underscore). Values are read and validated
 * by {@link org.ccflux.core.internal.config.ServerConfig}.
 */
@ObjectClassDefinition(id = "org.ccflux.server", name = "ccflux server (ccserver)",
        description = "The CC server: one ROUTER socket, prefix routing to handlers, statistics.")
@interface ServerConfiguration {
    @AttributeDefinition(name = "cc-socket", description = "ZeroMQ endpoint to bind, tcp://host:port. Changing it rebinds.")
    String cc$_$socket() default "tcp://127.0.0.1:10000";

    @AttributeDefinition(name = "cc-role", description = "local (a host's server), remote (a central server) or insecure"
            + " (runs every handler). Handlers declare the roles they may run in.",
            options = {@Option(value = "local"), @Option(value = "remote"), @Option(value = "insecure")})
    String cc$_$role() default "insecure";

    @AttributeDefinition(name = "cc-stats", description = "0: no statistics; 1: aggregate counters; 2 or more: also per message type.")
    int cc$_$stats() default 1;

    @AttributeDefinition(name = "stats-period", description = "Seconds between stats lines and info file writes.")
    int stats$_$period() default 30;

    @AttributeDefinition(name = "infofile", description = "Path of the status file rewritten every stats period; empty: none.", required = false)
    String infofile() default "";

    @AttributeDefinition(name = "infofile-level", description = "0 none, 1 header, 2 totals and latest period, 3 also moving averages.")
    int infofile$_$level() default 2;

    @AttributeDefinition(name = "egress-queue", description = "Messages queued for sending by other threads before new ones are dropped (counted).")
    int egress$_$queue() default 10_000;

    @AttributeDefinition(name = "zmq_nthreads", description = "ZeroMQ I/O threads.")
    int zmq__nthreads() default 1;

    @AttributeDefinition(name = "zmq_linger", description = "Milliseconds to flush pending messages when the socket closes.")
    int zmq__linger() default 500;

    @AttributeDefinition(name = "zmq_hwm", description = "High-water mark (messages) per peer, both directions.")
    int zmq__hwm() default 100;

    @AttributeDefinition(name = "zmq_rcvbuf", description = "Kernel receive buffer, e.g. 64 KB; 0 leaves the OS default.", type = AttributeType.STRING)
    String zmq__rcvbuf() default "0";

    @AttributeDefinition(name = "zmq_sndbuf", description = "Kernel send buffer, e.g. 64 KB; 0 leaves the OS default.", type = AttributeType.STRING)
    String zmq__sndbuf() default "0";

    @AttributeDefinition(name = "zmq_tcp_keepalive", description = "1 enables TCP keepalive with the three settings below.")
    int zmq__tcp__keepalive() default 1;

    @AttributeDefinition(name = "zmq_tcp_keepalive_intvl", description = "Seconds between keepalive probes.")
    int zmq__tcp__keepalive__intvl() default 15;

    @AttributeDefinition(name = "zmq_tcp_keepalive_idle", description = "Idle seconds before the first probe.")
    int zmq__tcp__keepalive__idle() default 240;

    @AttributeDefinition(name = "zmq_tcp_keepalive_cnt", description = "Unanswered probes before the connection is dropped.")
    int zmq__tcp__keepalive__cnt() default 4;

    @AttributeDefinition(name = "zmq_maxmsgsize", description = "Largest frame accepted, in bytes (a larger one drops the connection); -1: no limit.", type = AttributeType.STRING)
    String zmq__maxmsgsize() default "-1";

    // ---- message security (CC's cms-* options, reference §5.2; parsed by org.ccflux.crypto.CryptoOptions) ----

    @AttributeDefinition(name = "cms-keystore", description = "Key directory: <dir>/<name>.crt certificates (PEM),"
            + " <dir>/private/<name>.key unencrypted private keys; ~ expanded; empty: the ccflux home.", required = false)
    String cms$_$keystore() default "";

    @AttributeDefinition(name = "cms-sign", description = "Sign every message the server creates (replies, pings) with"
            + " key and certificate <name>; empty: unsigned.", required = false)
    String cms$_$sign() default "";

    @AttributeDefinition(name = "cms-verify-ca", description = "Comma list of CA certificate names: incoming messages must be"
            + " signed by a certificate one of them issued; others are rejected and counted (count.rejected.<reason>).",
            required = false)
    String cms$_$verify$_$ca() default "";

    @AttributeDefinition(name = "cms-encrypt", description = "Encrypt what the server creates to certificate <name> (body ENC1);"
            + " requires cms-sign.", required = false)
    String cms$_$encrypt() default "";

    @AttributeDefinition(name = "cms-decrypt", description = "Expect encrypted incoming messages and decrypt them with key and"
            + " certificate <name>; requires cms-verify-ca.", required = false)
    String cms$_$decrypt() default "";

    @AttributeDefinition(name = "cms-time-window", description = "Seconds an incoming message's time may differ from the local"
            + " clock; 0: off.")
    int cms$_$time$_$window() default 0;

    @AttributeDefinition(name = "cms-digest", description = "Digest of outgoing signatures.",
            options = {@Option(value = "sha256"), @Option(value = "sha1"), @Option(value = "sha384"), @Option(value = "sha512")})
    String cms$_$digest() default "sha256";

    @AttributeDefinition(name = "cms-cipher", description = "Content cipher of outgoing envelopes.",
            options = {@Option(value = "aes128-cbc"), @Option(value = "aes192-cbc"), @Option(value = "aes256-cbc")})
    String cms$_$cipher() default "aes128-cbc";

    @AttributeDefinition(name = "cms-replay-cache", description = "Refuse a second copy of a signed message within the time"
            + " window (yes/no); empty: yes when cms-time-window and cms-verify-ca are set.", required = false)
    String cms$_$replay$_$cache() default "";

    @AttributeDefinition(name = "cms-replay-cache-size", description = "Most signatures the replay cache remembers.")
    int cms$_$replay$_$cache$_$size() default 100_000;

    @AttributeDefinition(name = "cms-allow", description = "Which signer may send which types, e.g. 'user1 = log pub; * = echo';"
            + " empty: any signer the CAs accept; requires cms-verify-ca.", required = false)
    String cms$_$allow() default "";

    // ---- transport encryption (CurveZMQ; a ccflux addition, parsed by org.ccflux.crypto.CurveOptions) ----

    @AttributeDefinition(name = "curve-keystore", description = "Directory of CurveZMQ keys: <dir>/<name>.curve public keys,"
            + " <dir>/private/<name>.curve secret keys (Z85; made by 'ccflux keys curve'); empty: the ccflux home.", required = false)
    String curve$_$keystore() default "";

    @AttributeDefinition(name = "curve-key", description = "Make cc-socket a CURVE server with key pair <name>: connections are"
            + " encrypted, and clients must know its public key; empty: plain ZeroMQ, as CC.", required = false)
    String curve$_$key() default "";
}
