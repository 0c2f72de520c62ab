package dev.meridian.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction on a pooled connection: commit when the work returns, roll back when it throws, and give the
 * connection back to the pool in auto-commit mode either way. The SQLException reaches the caller as it is, so an
 * adapter can still turn a constraint's SQLState into its domain error.
 */
public final class Transactions {
    private Transactions() {}

    /** The work that runs inside the transaction, on its connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
