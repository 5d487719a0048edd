package org.ccflux.handler.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcRoles;
import org.ccflux.api.CcSender;
import org.ccflux.api.CcStats;
import org.ccflux.api.HandlerExecution;
import org.ccflux.api.HandlerNames;
import org.ccflux.api.MessageHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CC's database handler ({@code dbhandler}, reference §6.9): each {@code db.*} message names a PostgreSQL function,
 * its parameters and how to reply; allowed functions are called and their result sent back along the request's
 * route. Unlike CC, every failed call is answered ({@code error.<type>} with a {@code reason}), a broken connection
 * is replaced on the next call instead of stalling a worker for 10 s, and nothing a client sends can crash it.
 *
 * <p>Threading: {@link #handle} runs inline on the socket thread and only queues the message; parsing, the
 * database and the reply happen on this instance's own {@link Workers}, so a slow or dead database fills this
 * handler's bounded queue and nothing else. Reconfiguration is live: a new {@code db} switches to a new
 * {@link ConnectionPool} (the old one closes as its calls finish), new thread or queue sizes apply at once.
 */
@Component(service = MessageHandler.class, configurationPid = DatabaseHandler.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseHandler.Config.class, factory = true)
@HandlerExecution(HandlerExecution.INLINE)
@CcRoles("remote")
public final class DatabaseHandler implements MessageHandler {
    public static final String PID = "org.ccflux.handler.database";
    /** How long {@link #deactivate} lets queued and running calls finish before aborting them. */
    static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHandler.class);
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    @ObjectClassDefinition(name = "ccflux database handler",
            description = "Calls allowed PostgreSQL functions named in db.* messages and replies with the result.")
    @interface Config {
        @AttributeDefinition(name = "routes", description = "Type prefixes this instance serves, e.g. db.confdb.")
        String[] routes();

        @AttributeDefinition(name = "db", description = "libpq connection string (host=... port=... dbname=... user=... "
                + "password=...) or postgresql:// URI. TCP only; connect_timeout defaults to 10 s.")
        String db();

        @AttributeDefinition(name = "worker-threads", required = false,
                description = "Calls run at once; also the most connections this instance opens.")
        int worker$_$threads() default DbConfig.DEFAULT_WORKER_THREADS;

        @AttributeDefinition(name = "allowed-functions", required = false,
                description = "Functions that may be called (name or schema.name; bare names mean public.name). "
                        + "Empty: none. *: all.")
        String[] allowed$_$functions() default {};

        @AttributeDefinition(name = "queue-size", required = false,
                description = "Calls that may wait for a worker; beyond that a call is refused with reason overflow.")
        int queue$_$size() default DbConfig.DEFAULT_QUEUE_SIZE;

        @AttributeDefinition(name = "max-rows", required = false,
                description = "Most rows a return=one/all reply carries; a larger result is refused (too-many-rows). 0: no limit.")
        int max$_$rows() default DbConfig.DEFAULT_MAX_ROWS;

        @AttributeDefinition(name = "error-replies", required = false,
                description = "Answer failed calls with error.<type> (reason, msg). Off: only count and log them, as CC did.")
        boolean error$_$replies() default true;
    }

    private final String name;
    private final DbCounters counters;
    private final CallRunner runner;
    private final Workers workers;
    private volatile DbConfig config;
    private volatile ConnectionPool pool;
    /** Tests shorten it. */
    volatile long shutdownGraceMillis = DEFAULT_SHUTDOWN_GRACE_MILLIS;

    @Activate
    public DatabaseHandler(@Reference CcSender sender, @Reference CcStats stats, Map<String, Object> properties) {
        this.name = HandlerNames.of(properties, "db");
        DbConfig cfg = DbConfig.parse(properties, name);
        this.counters = new DbCounters(stats, name);
        this.config = cfg;
        this.pool = newPool(cfg);
        this.runner = new CallRunner(name, sender, counters, () -> config, () -> pool);
        this.workers = new Workers(name, cfg.workerThreads, cfg.queueSize, runner::run);
        logEffective("configured", cfg);
    }

    /** Applies a new configuration live; an invalid one is refused (thrown, naming the property) and the old one stays. */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        DbConfig next = DbConfig.parse(properties, name);
        DbConfig old = config;
        if (next.equals(old)) {
            return;
        }
        if (!next.db.equals(old.db)) {
            ConnectionPool retired = pool;
            pool = newPool(next);
            retired.close();
        } else if (next.workerThreads != old.workerThreads) {
            pool.resize(next.workerThreads);
        }
        workers.resize(next.workerThreads, next.queueSize);
        config = next;
        logEffective("reconfigured", next);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        List<CcMessage> never = workers.stop(shutdownGraceMillis, () -> pool.abortLeased());
        pool.close();
        CallFailure stopped = new CallFailure(Reason.SHUTDOWN, "the handler stopped before the call ran");
        for (CcMessage m : never) {
            runner.refuse(m, stopped);
            runner.answer(m, null, stopped, config);
        }
    }

    @Override
    public void handle(CcMessage message) {
        counters.increment(counters.received);
        if (!workers.submit(message)) {
            CallFailure refused = workers.stopped() ? new CallFailure(Reason.SHUTDOWN, "the handler is stopping; not run")
                    : new CallFailure(Reason.OVERFLOW, "too many calls waiting for the database (queue-size); not run");
            runner.refuse(message, refused); // counted at once; answered off the socket thread
            workers.offload(() -> runner.answer(message, null, refused, config));
        }
    }

    /** @return calls queued or running, for tests */
    int inFlight() {
        return workers.inFlight();
    }

    /** @return connections open in the current pool, for tests */
    int connections() {
        return pool.size();
    }

    private ConnectionPool newPool(DbConfig cfg) {
        String url = cfg.db.url();
        return new ConnectionPool(name, cfg.db.target(), cfg.workerThreads, () -> open(url, cfg.db), counters);
    }

    private static Connection open(String url, ConnInfo db) throws SQLException {
        // The driver directly, not DriverManager: DriverManager's caller-classloader check is unreliable in OSGi.
        Connection c = DRIVER.connect(url, db.properties());
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept the db URL", "08001");
        }
        return c;
    }

    private void logEffective(String what, DbConfig cfg) {
        LOG.info("db {}: {}: {}", name, what, cfg);
        if (cfg.allowed.none()) {
            LOG.warn("db {}: allowed-functions is empty, so every call is refused; list the functions, or * for all", name);
        }
        if (!cfg.db.ignored().isEmpty()) {
            LOG.warn("db {}: the JDBC driver has no equivalent of {} in db; ignored", name, cfg.db.ignored());
        }
    }
}
