package dev.meridian.platform.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure that means "Postgres cannot be reached right now" (no connection within {@code db.connect-timeout},
 * refused, reset, the server shutting down) from every other failure: the first is the client's cue to retry later
 * (503), the second is a bug (500).
 */
public final class DatabaseOutage {
    private static final int MAX_CAUSES = 16;

    private DatabaseOutage() {}

    /** @return whether {@code failure} or one of its causes is a lost or refused database connection */
    public static boolean causedBy(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }
}
