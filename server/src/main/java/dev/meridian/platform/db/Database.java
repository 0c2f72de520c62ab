package dev.meridian.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The Postgres pool and its schema. The server starts even when Postgres is down: migrations are retried in the
 * background and readiness stays 503 until they have run, so an orchestrator can start pods before the database.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final DatabaseSettings settings;
    private final HikariDataSource pool;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private volatile boolean closed;

    private Database(DatabaseSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** Creates the pool without waiting for Postgres, then migrates now or, if Postgres is away, in the background. */
    public static Database start(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meridian-db");
        config.setJdbcUrl(settings.pooledJdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        Database database = new Database(settings, new HikariDataSource(config));
        if (!database.migrateOnce(true)) {
            Thread.ofVirtual().name("db-migrate").start(database::migrateUntilDone);
        }
        return database;
    }

    public DataSource dataSource() {
        return pool;
    }

    public HikariDataSource pool() {
        return pool;
    }

    public boolean migrated() {
        return migrated.get();
    }

    /** Readiness: migrated, and a pooled connection answers within the connect timeout. */
    public boolean reachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(
                    (int) Math.max(1, settings.connectTimeout().toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    private void migrateUntilDone() {
        while (!closed && !migrated.get()) {
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                return;
            }
            migrateOnce(false);
        }
    }

    private boolean migrateOnce(boolean logFailure) {
        try {
            if (settings.createIfMissing()) {
                createIfMissing();
            }
            var result = Flyway.configure()
                    .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            migrated.set(true);
            LOG.log(
                    Level.INFO,
                    "event=db_migrated database=" + settings.name() + " applied=" + result.migrationsExecuted
                            + " version=" + result.targetSchemaVersion);
            return true;
        } catch (RuntimeException | SQLException e) {
            if (logFailure) {
                LOG.log(
                        Level.WARNING,
                        "event=db_unavailable database=" + settings.name() + " retry_every=" + RETRY.toSeconds()
                                + "s error=\"" + e.getMessage() + "\"");
            }
            return false;
        }
    }

    private void createIfMissing() throws SQLException {
        try (Connection admin = DriverManager.getConnection(
                        settings.jdbcUrl("postgres"), settings.user(), settings.password());
                var exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, settings.name());
            if (exists.executeQuery().next()) {
                return;
            }
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE \"" + settings.name().replace("\"", "\"\"") + "\"");
                LOG.log(Level.INFO, "event=db_created database=" + settings.name());
            } catch (SQLException e) {
                // another instance may have created it between the check and the create
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
