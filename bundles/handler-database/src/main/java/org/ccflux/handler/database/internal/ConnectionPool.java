package org.ccflux.handler.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small bounded connection pool. Written here instead of using HikariCP because the handler needs only four
 * things and one of them Hikari does differently: at most {@code maxSize} connections (one per worker thread, so a
 * worker never waits for another's); validation of a connection that sat idle (after
 * {@value #VALIDATION_BYPASS_MILLIS} ms, Hikari's rule); replacing broken ones; and, while the database is
 * unreachable, one connection attempt at a time while every other call fails at once with {@code no-connection},
 * so a dead or black-holed server never ties up all workers in connect timeouts (Hikari would make each caller wait
 * up to its connection timeout). Hikari would also bring its own housekeeping thread and a second bundle.
 *
 * <p>Connections are reused most-recently-used first, so under light load the others age and are checked before
 * use. A retired pool ({@link #close()}) closes idle connections at once and leased ones when they come back.
 */
final class ConnectionPool {
    interface Connector {
        Connection open() throws SQLException;
    }

    /** A connection used this recently is trusted without a round trip. */
    static final long VALIDATION_BYPASS_MILLIS = 500;
    static final int VALIDATION_TIMEOUT_SECONDS = 5;
    /** Only reachable while {@link #resize} shrinks the pool under load. */
    private static final long BORROW_WAIT_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private static final class Idle {
        final Connection connection;
        final long since;

        Idle(Connection connection, long since) {
            this.connection = connection;
            this.since = since;
        }
    }

    private final String name;
    private final String target;
    private final Connector connector;
    private final DbCounters counters;
    private final Object lock = new Object();
    private final Deque<Idle> idle = new ArrayDeque<>(); // guarded by lock; head = most recently used
    private final Set<Connection> leased = new HashSet<>(); // guarded by lock
    private int open; // guarded by lock: idle + leased + being opened
    private int maxSize; // guarded by lock
    private boolean closed; // guarded by lock
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Non-null while the database is unreachable: why the last attempt failed. */
    private volatile String outage;

    ConnectionPool(String name, String target, int maxSize, Connector connector, DbCounters counters) {
        this.name = name;
        this.target = target;
        this.maxSize = maxSize;
        this.connector = connector;
        this.counters = counters;
    }

    /** @return a working connection, to be given back with {@link #release} */
    Connection borrow() throws CallFailure {
        while (true) {
            Idle candidate;
            synchronized (lock) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BORROW_WAIT_MILLIS);
                while (!closed && idle.isEmpty() && open >= maxSize) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new CallFailure(Reason.NO_CONNECTION, "all " + maxSize + " connections are busy");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CallFailure(Reason.SHUTDOWN, "the handler is stopping");
                    }
                }
                if (closed) {
                    throw new CallFailure(Reason.SHUTDOWN, "the handler is stopping");
                }
                candidate = idle.pollFirst();
                if (candidate != null) {
                    leased.add(candidate.connection);
                } else {
                    open++; // reserve the slot before connecting outside the lock
                }
            }
            if (candidate == null) {
                return connect();
            }
            if (System.nanoTime() - candidate.since < TimeUnit.MILLISECONDS.toNanos(VALIDATION_BYPASS_MILLIS)
                    || isValid(candidate.connection)) {
                return candidate.connection;
            }
            LOG.debug("db {}: idle connection failed validation, replacing it", name);
            release(candidate.connection, true);
        }
    }

    /** Gives a connection back; a broken one is closed and its slot freed for a new one. */
    void release(Connection connection, boolean broken) {
        boolean keep;
        synchronized (lock) {
            leased.remove(connection);
            keep = !broken && !closed && open <= maxSize;
            if (keep) {
                idle.addFirst(new Idle(connection, System.nanoTime()));
            } else {
                open--;
            }
            lock.notifyAll();
        }
        if (!keep) {
            if (broken) {
                counters.increment(counters.connectionsBroken);
            }
            closeQuietly(connection);
        }
    }

    /** A new bound; extra connections are closed as they come back. */
    void resize(int newMaxSize) {
        List<Connection> extra = new ArrayList<>();
        synchronized (lock) {
            maxSize = newMaxSize;
            while (open > maxSize && !idle.isEmpty()) {
                extra.add(idle.pollLast().connection);
                open--;
            }
            lock.notifyAll();
        }
        extra.forEach(ConnectionPool::closeQuietly);
    }

    /** Retires the pool: idle connections close now, leased ones when released; borrowing fails. */
    void close() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            idle.forEach(i -> toClose.add(i.connection));
            open -= idle.size();
            idle.clear();
            lock.notifyAll();
        }
        toClose.forEach(ConnectionPool::closeQuietly);
    }

    /** Closes the sockets of connections in use, so workers blocked in the database return (at shutdown). */
    void abortLeased() {
        List<Connection> inUse;
        synchronized (lock) {
            inUse = new ArrayList<>(leased);
        }
        for (Connection c : inUse) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("db {}: abort failed: {}", name, e.toString()); // the socket may already be gone
            }
        }
    }

    /** @return idle + leased connections */
    int size() {
        synchronized (lock) {
            return open;
        }
    }

    private Connection connect() throws CallFailure {
        String down = outage;
        // While the database is unreachable one caller at a time tries; the others fail at once.
        boolean probe = down != null;
        if (probe && !probing.compareAndSet(false, true)) {
            giveBackSlot();
            throw new CallFailure(Reason.NO_CONNECTION, "database unavailable: " + down);
        }
        try {
            Connection c = connector.open();
            counters.increment(counters.connectionsOpened);
            if (outage != null) {
                outage = null;
                LOG.info("db {}: connected to {} again", name, target);
            }
            synchronized (lock) {
                if (!closed) {
                    leased.add(c);
                    return c;
                }
                open--;
                lock.notifyAll();
            }
            closeQuietly(c);
            throw new CallFailure(Reason.SHUTDOWN, "the handler is stopping");
        } catch (SQLException e) {
            giveBackSlot();
            counters.increment(counters.connectFailed);
            String why = Sql.describe(e);
            if (outage == null) {
                LOG.warn("db {}: cannot connect to {}: {}", name, target, why);
            }
            outage = why;
            throw new CallFailure(Reason.NO_CONNECTION, "cannot connect to the database: " + why, e.getSQLState(), null);
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    private void giveBackSlot() {
        synchronized (lock) {
            open--;
            lock.notifyAll();
        }
    }

    private static boolean isValid(Connection c) {
        try {
            return c.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // A broken connection often fails to say goodbye; it is gone either way.
            LOG.trace("close failed", e);
        }
    }
}
