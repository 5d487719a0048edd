package org.ccflux.handler.database.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** How a {@link SQLException} is told to the client and whether it left the connection unusable. */
final class Sql {
    /** PostgreSQL's undefined_function: no such name, or no overload for these argument types. */
    static final String UNDEFINED_FUNCTION = "42883";

    private Sql() {
    }

    /**
     * Class 08 (connection exception) and 57P (operator intervention: {@code pg_terminate_backend}, shutdown,
     * crash) leave the session gone; an error without SQLSTATE is the driver's own I/O trouble.
     */
    static boolean breaksConnection(SQLException e, Connection c) {
        String state = e.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("57P")) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException closedCheck) {
            return true;
        }
    }

    /** The failure a client gets for {@code e}. */
    static CallFailure failure(SQLException e, boolean broken) {
        if (broken) {
            return new CallFailure(Reason.CONNECTION_LOST, "the database connection was lost during the call, which may or may not"
                    + " have taken effect: " + describe(e), e.getSQLState(), null);
        }
        Reason reason = UNDEFINED_FUNCTION.equals(e.getSQLState()) ? Reason.UNKNOWN_FUNCTION : Reason.SQL_ERROR;
        return new CallFailure(reason, describe(e), e.getSQLState(), null);
    }

    /** PostgreSQL's primary message and hint, without the PL/pgSQL context (which shows function internals). */
    static String describe(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException ? ((PSQLException) e).getServerErrorMessage() : null;
        if (server == null || server.getMessage() == null) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        }
        String hint = server.getHint();
        return hint == null ? server.getMessage() : server.getMessage() + " (hint: " + hint + ")";
    }
}
