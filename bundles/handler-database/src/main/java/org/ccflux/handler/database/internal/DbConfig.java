package org.ccflux.handler.database.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ccflux.api.CcOptions;

/**
 * One database handler instance's configuration, validated once: CC's {@code db}, {@code worker-threads} and
 * {@code allowed-functions}, plus the bounds CC lacked. Immutable; a reconfiguration builds a new one.
 */
final class DbConfig {
    static final String DB = ConnInfo.PROPERTY;
    static final String WORKER_THREADS = "worker-threads";
    static final String ALLOWED_FUNCTIONS = AllowedFunctions.PROPERTY;
    static final String QUEUE_SIZE = "queue-size";
    static final String MAX_ROWS = "max-rows";
    static final String ERROR_REPLIES = "error-replies";

    static final int DEFAULT_WORKER_THREADS = 10;
    static final int MAX_WORKER_THREADS = 256;
    static final int DEFAULT_QUEUE_SIZE = 100;
    static final int DEFAULT_MAX_ROWS = 10_000;

    final ConnInfo db;
    final int workerThreads;
    final int queueSize;
    final AllowedFunctions allowed;
    /** 0: no limit. */
    final int maxRows;
    final boolean errorReplies;

    private DbConfig(ConnInfo db, int workerThreads, int queueSize, AllowedFunctions allowed, int maxRows, boolean errorReplies) {
        this.db = db;
        this.workerThreads = workerThreads;
        this.queueSize = queueSize;
        this.allowed = allowed;
        this.maxRows = maxRows;
        this.errorReplies = errorReplies;
    }

    /**
     * @param name the instance name, used for the default {@code application_name} {@code ccflux-db-<name>}
     * @throws IllegalArgumentException naming the property if one is invalid
     */
    static DbConfig parse(Map<String, ?> properties, String name) {
        CcOptions o = new CcOptions(properties);
        ConnInfo db = ConnInfo.parse(o.string(DB, ""), "ccflux-db-" + name);
        return new DbConfig(db,
                o.integer(WORKER_THREADS, DEFAULT_WORKER_THREADS, 1, MAX_WORKER_THREADS),
                o.integer(QUEUE_SIZE, DEFAULT_QUEUE_SIZE, 0, 1_000_000),
                AllowedFunctions.of(o.list(ALLOWED_FUNCTIONS, List.of())),
                o.integer(MAX_ROWS, DEFAULT_MAX_ROWS, 0, Integer.MAX_VALUE - 1),
                o.bool(ERROR_REPLIES, true));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DbConfig)) {
            return false;
        }
        DbConfig c = (DbConfig) o;
        return c.db.equals(db) && c.workerThreads == workerThreads && c.queueSize == queueSize && c.allowed.equals(allowed)
                && c.maxRows == maxRows && c.errorReplies == errorReplies;
    }

    @Override
    public int hashCode() {
        return Objects.hash(db, workerThreads, queueSize, allowed, maxRows, errorReplies);
    }

    /** Safe to log: the password is masked. */
    @Override
    public String toString() {
        return DB + "=[" + db + "], " + WORKER_THREADS + "=" + workerThreads + ", " + QUEUE_SIZE + "=" + queueSize + ", "
                + ALLOWED_FUNCTIONS + "=" + allowed + ", " + MAX_ROWS + "=" + maxRows + ", " + ERROR_REPLIES + "=" + errorReplies;
    }
}
