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
}
