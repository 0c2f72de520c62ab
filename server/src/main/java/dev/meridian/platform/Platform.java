package dev.meridian.platform;

import dev.meridian.platform.cpu.ForegroundWork;
import dev.meridian.platform.db.Database;
import dev.meridian.platform.db.DatabaseSettings;
import dev.meridian.platform.health.Check;
import dev.meridian.platform.health.HealthService;
import dev.meridian.platform.health.ReadinessMetrics;
import dev.meridian.platform.metrics.PoolMetrics;
import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.platform.redis.RedisConnector;
import dev.meridian.platform.shutdown.GracefulShutdown;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.platform.tracing.Tracing;
import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The infrastructure every module shares: configuration, the database, Redis, NATS, metrics, readiness and the
 * shutdown sequence. Modules receive it from {@code Main}; none of them creates its own clients.
 */
public final class Platform {
    private final Config config;
    private final Profile profile;
    private final MeterRegistry metrics;
    private final Database database;
    private final RedisConnector redis;
    private final NatsConnector nats;
    private final GracefulShutdown shutdown;
    private final HealthService health;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final List<Check> checks;
    private final Tracing tracing;
    private final ForegroundWork foreground = new ForegroundWork();

    private Platform(Config config, Database database, RedisConnector redis, NatsConnector nats, Tracing tracing) {
        this.config = config;
        this.tracing = tracing;
        this.profile = Profile.of(config);
        this.metrics = Services.get(MeterRegistry.class);
        this.database = database;
        this.redis = redis;
        this.nats = nats;
        this.shutdown = new GracefulShutdown(
                config.get("shutdown.deadline").as(Duration.class).get());
        this.checks = List.of(
                new Check("postgres", true, () -> database.migrated() && database.reachable()),
                new Check("redis", false, redis::reachable),
                new Check("nats", false, nats::reachable));
        this.health = new HealthService(accepting::get);
        checks.forEach(health::add);
    }

    /** Connects to what the config names (never failing for a service that is down) and registers the closings. */
    public static Platform start(Config config) {
        return start(config, Tracing.from(config.get("tracing")));
    }

    /** @param tracing where spans go (tests pass one that exports to memory) */
    public static Platform start(Config config, Tracing tracing) {
        Profile profile = Profile.of(config);
        Database database = Database.start(DatabaseSettings.from(config.get("db"), profile.dev()));
        Platform platform = new Platform(
                config,
                database,
                RedisConnector.start(config.get("redis")),
                NatsConnector.start(config.get("nats")),
                tracing);
        PoolMetrics.register(platform.metrics, database.pool());
        ReadinessMetrics.register(platform.metrics, platform.health, platform.checks);
        GracefulShutdown shutdown = platform.shutdown;
        shutdown.register(ShutdownPhase.STOP_ACCEPTING, "readiness-down", () -> platform.accepting.set(false));
        shutdown.register(ShutdownPhase.CLOSE_CLIENTS, "redis", platform.redis::close);
        shutdown.register(ShutdownPhase.CLOSE_CLIENTS, "nats", platform.nats::close);
        shutdown.register(ShutdownPhase.CLOSE_CLIENTS, "tracing", tracing::close);
        shutdown.register(ShutdownPhase.CLOSE_DATABASE, "db-pool", database::close);
        return platform;
    }

    public Config config() {
        return config;
    }

    public Profile profile() {
        return profile;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    public Database database() {
        return database;
    }

    public RedisConnector redis() {
        return redis;
    }

    public NatsConnector nats() {
        return nats;
    }

    public GracefulShutdown shutdown() {
        return shutdown;
    }

    public Tracing tracing() {
        return tracing;
    }

    /** Latency-bound work (ticks) that CPU-bound background work (hashing) yields to. */
    public ForegroundWork foreground() {
        return foreground;
    }

    public HealthService health() {
        return health;
    }
}
