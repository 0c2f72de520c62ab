package dev.meridian.platform.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import java.util.function.ToIntFunction;

/** Gauges of the database pool: active, idle, total and waiting connections. */
public final class PoolMetrics {
    private PoolMetrics() {}

    public static void register(MeterRegistry registry, HikariDataSource pool) {
        gauge(
                registry,
                "db_pool_active",
                "Connections in use",
                pool,
                p -> p.getHikariPoolMXBean().getActiveConnections());
        gauge(
                registry,
                "db_pool_idle",
                "Idle connections",
                pool,
                p -> p.getHikariPoolMXBean().getIdleConnections());
        gauge(
                registry,
                "db_pool_total",
                "Open connections",
                pool,
                p -> p.getHikariPoolMXBean().getTotalConnections());
        gauge(
                registry,
                "db_pool_pending",
                "Threads waiting for a connection",
                pool,
                p -> p.getHikariPoolMXBean().getThreadsAwaitingConnection());
        gauge(registry, "db_pool_max", "Maximum pool size", pool, HikariDataSource::getMaximumPoolSize);
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            HikariDataSource pool,
            ToIntFunction<HikariDataSource> value) {
        registry.getOrCreate(Gauge.builder(name, pool, p -> p.getHikariPoolMXBean() == null ? 0 : value.applyAsInt(p))
                .description(description));
    }
}
