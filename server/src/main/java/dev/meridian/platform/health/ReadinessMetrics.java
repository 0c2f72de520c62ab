package dev.meridian.platform.health;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Readiness as gauges, so an alert can tell "the process answers but cannot serve" (Postgres gone) from "the process
 * is gone" (Prometheus' own {@code up}): {@code readiness_up} is 1 when {@code /readyz} would answer 200, and
 * {@code readiness_check_up{check,gating}} is 1 per check that passes. One scrape reads several gauges; they share
 * one probe of the checks, taken at most once a second.
 */
public final class ReadinessMetrics {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final HealthService health;
    private final LongSupplier nanoTime;
    private HealthService.Readiness last;
    private long probedAt;

    ReadinessMetrics(HealthService health, LongSupplier nanoTime) {
        this.health = health;
        this.nanoTime = nanoTime;
    }

    /** Registers the gauges for {@code health}'s checks as they are now. */
    public static void register(MeterRegistry registry, HealthService health, List<Check> checks) {
        ReadinessMetrics metrics = new ReadinessMetrics(health, System::nanoTime);
        registry.getOrCreate(
                Gauge.builder("readiness_up", metrics, m -> m.readiness().ready() ? 1 : 0)
                        .description("1 when /readyz answers 200 (every gating check up, not shutting down), else 0"));
        for (Check check : checks) {
            registry.getOrCreate(Gauge.builder("readiness_check_up", metrics, m -> m.up(check.name()) ? 1 : 0)
                    .description("1 when the readiness check passes, else 0")
                    .tags(List.of(
                            Tag.create("check", check.name()),
                            Tag.create("gating", Boolean.toString(check.gating())))));
        }
    }

    synchronized HealthService.Readiness readiness() {
        long now = nanoTime.getAsLong();
        if (last == null || now - probedAt >= MAX_AGE_NANOS) {
            last = health.readiness();
            probedAt = now;
        }
        return last;
    }

    boolean up(String check) {
        HealthService.CheckStatus status = readiness().checks().get(check);
        return status != null && status.up();
    }
}
