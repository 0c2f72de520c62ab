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
        boolean createIfMissing) {

    public static DatabaseSettings from(Config db, boolean devProfile) {
        return new DatabaseSettings(
                db.get("host").asString().get(),
                db.get("port").asInt().get(),
                db.get("name").asString().get(),
                db.get("user").asString().get(),
                db.get("password").asString().get(),
                db.get("pool-size").asInt().get(),
                db.get("connect-timeout").as(Duration.class).get(),
                db.get("create-if-missing").asBoolean().orElse(devProfile));
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?ApplicationName=meridian"
                + "&connectTimeout=" + Math.max(1, connectTimeout.toSeconds());
    }
}
