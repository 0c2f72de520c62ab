package dev.meridian.platform.db;

import io.helidon.config.Config;
import java.time.Duration;

/** The {@code db.*} configuration (docs/configuration.md). */
public record DatabaseSettings(
        String host,
        int port,
        String name,
        String user,
        String password,
        int poolSize,
        Duration connectTimeout,
        Duration statementTimeout,
        Duration socketTimeout,
        boolean createIfMissing) {

    public static DatabaseSettings from(Config db, boolean devProfile) {
        return new DatabaseSettings(
                db.get("host").asString().orElse("127.0.0.1"),
                db.get("port").asInt().orElse(5432),
                db.get("name").asString().orElse("meridian"),
                db.get("user").asString().orElse("postgres"),
                db.get("password").asString().orElse(""),
                db.get("pool-size").asInt().orElse(10),
                db.get("connect-timeout").as(Duration.class).orElse(Duration.ofSeconds(2)),
                db.get("statement-timeout").as(Duration.class).orElse(Duration.ofSeconds(5)),
                db.get("socket-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                db.get("create-if-missing").asBoolean().orElse(devProfile));
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    /**
     * The pool's URL: a statement Postgres works on too long is cancelled by Postgres ({@code statement_timeout}), and
     * a Postgres that stops answering at all (hung, or the network dropping packets) fails the read after the socket
     * timeout, so neither can pin pooled connections. Migrations use {@link #jdbcUrl()}: they may take longer.
     */
    public String pooledJdbcUrl() {
        return jdbcUrl() + "&socketTimeout=" + Math.max(1, socketTimeout.toSeconds())
                + "&options=-c%20statement_timeout%3D" + statementTimeout.toMillis();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?ApplicationName=meridian"
                + "&connectTimeout=" + Math.max(1, connectTimeout.toSeconds());
    }
}
