package dev.meridian.client.testing;

import dev.meridian.Main;
import dev.meridian.Meridian;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * The real Meridian server on a free loopback port, started through {@link Main#start} exactly like production, with
 * a database of its own (the dev profile creates it; dropped on close) and NATS subjects of its own.
 */
public final class RealServer implements AutoCloseable {
    private final Meridian meridian;
    private final String database;

    private RealServer(Meridian meridian, String database) {
        this.meridian = meridian;
        this.database = database;
    }

    public static RealServer start() {
        String database =
                "meridian_sdk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> config = Map.of(
                "server.port", "0",
                "world.port", "0",
                "server.host", "127.0.0.1",
                "server.access-log", "false",
                "db.name", database,
                "shutdown.deadline", "PT10S",
                "auth.jwt.secret", "sdk-test-secret-sdk-test-secret-0123456789",
                "nats.subject-prefix", database,
                // every bot of the swarm tests logs in from 127.0.0.1: the per-IP login limit is not under test here
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000");
        return new RealServer(Main.start(Main.config(config)), database);
    }

    /** The base URL the SDK takes, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + meridian.port();
    }

    /** The JDBC URL of this server's own database, for tests that check what was stored. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    @Override
    public void close() {
        meridian.stop();
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test database " + database, e);
        }
    }
}
