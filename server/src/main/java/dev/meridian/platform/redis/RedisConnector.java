package dev.meridian.platform.redis;

import dev.meridian.platform.logging.KeyValueFormatter;
import io.helidon.config.Config;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The shared Redis connection. Redis is optional at run time: until it answers, {@link #commands()} is empty and
 * callers fall back; connecting happens in the background so no request ever waits for it. Once connected, lettuce
 * reconnects by itself and commands fail fast (within the command timeout) while it is away.
 */
public final class RedisConnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisConnector.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** Text keys, byte values: cached values are bytes ready to send, never decoded into text and back. */
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile boolean closed;

    private RedisConnector(RedisClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public static RedisConnector start(Config redis) {
        Duration timeout = redis.get("timeout").as(Duration.class).get();
        // connecting may take longer than a command under load; it happens off the request path anyway
        Duration connectTimeout =
                redis.get("connect-timeout").as(Duration.class).get();
        RedisURI uri = RedisURI.create(redis.get("uri").asString().get());
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(connectTimeout).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        RedisConnector connector = new RedisConnector(client, timeout);
        if (redis.get("enabled").asBoolean().get()) {
            Thread.ofVirtual().name("redis-connect").start(connector::connectUntilDone);
        }
        return connector;
    }

    /** Synchronous commands bounded by the command timeout, or empty while Redis has never been reached. */
    public Optional<RedisCommands<String, byte[]>> commands() {
        StatefulRedisConnection<String, byte[]> current = connection;
        return current == null ? Optional.empty() : Optional.of(current.sync());
    }

    /**
     * Runs one command and waits for its result, on the request path. Cheaper than {@link #commands()}: no reflective
     * proxy and no timed wait; the connection's timeout options already fail every command that has no answer within
     * the command timeout, so the untimed wait is bounded all the same.
     *
     * @throws RuntimeException when Redis has never been reached, refuses the command, fails or times out
     */
    public <T> T call(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current == null) {
            throw new IllegalStateException("Redis is not connected");
        }
        RedisFuture<T> future = command.apply(current.async());
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    /** Readiness report: a PING answered within the command timeout. */
    public boolean reachable() {
        try {
            return commands().map(c -> "PONG".equals(c.ping())).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void connectUntilDone() {
        boolean warned = false;
        while (!closed && connection == null) {
            try {
                StatefulRedisConnection<String, byte[]> connected = client.connect(CODEC);
                synchronized (this) {
                    if (closed) {
                        // close() ran while this connect was in flight: nobody will close it later
                        connected.close();
                        return;
                    }
                    connection = connected;
                }
                LOG.log(Level.INFO, "event=redis_connected");
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    LOG.log(
                            Level.WARNING,
                            "event=redis_unavailable retry_every=1s error=" + KeyValueFormatter.quote(e.getMessage()));
                    warned = true;
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> current;
        synchronized (this) {
            closed = true;
            current = connection;
        }
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
