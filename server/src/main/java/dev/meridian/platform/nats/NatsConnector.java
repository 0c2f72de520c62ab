package dev.meridian.platform.nats;

import io.helidon.config.Config;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * The shared NATS connection, made in the background and kept alive by jnats' own reconnect loop (also when NATS
 * is down at start), so publishing never waits for the broker.
 */
public final class NatsConnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NatsConnector.class.getName());

    private volatile Connection connection;
    private final String subjectPrefix;

    private NatsConnector(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }

    public static NatsConnector start(Config nats) {
        NatsConnector connector =
                new NatsConnector(nats.get("subject-prefix").asString().get());
        if (!nats.get("enabled").asBoolean().get()) {
            return connector;
        }
        Options options = Options.builder()
                .server(nats.get("url").asString().get())
                .connectionName("meridian-server")
                .connectionTimeout(
                        nats.get("connect-timeout").as(Duration.class).get())
                .reconnectWait(Duration.ofSeconds(1))
                .maxReconnects(-1)
                .connectionListener((conn, event) -> {
                    connector.connection = conn;
                    LOG.log(Level.INFO, "event=nats_" + event.name().toLowerCase());
                })
                .errorListener(new QuietErrorListener())
                .build();
        try {
            // true: keep retrying the first connect in jnats' background thread when NATS is not there yet
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return connector;
    }

    /** The connection once it was made; it may be reconnecting, check {@link #reachable()}. */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The prefix of every subject Meridian publishes on (configurable per deployment). */
    public String subjectPrefix() {
        return subjectPrefix;
    }

    public boolean reachable() {
        Connection current = connection;
        return current != null && current.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() {
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** jnats reports every failed reconnect; the connection events above already say what matters. */
    private static final class QuietErrorListener implements io.nats.client.ErrorListener {}
}
