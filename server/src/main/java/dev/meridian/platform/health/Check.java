package dev.meridian.platform.health;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One readiness check. A gating check that fails turns {@code /readyz} to 503; a non-gating one is only reported
 * (the server keeps serving without it, e.g. Redis falls back to Postgres and events are dropped and counted).
 *
 * @param details what {@code /readyz} shows beside the status (e.g. the world's mode and zones); may be empty
 */
public record Check(String name, boolean gating, BooleanSupplier probe, Supplier<Map<String, String>> details) {

    public Check(String name, boolean gating, BooleanSupplier probe) {
        this(name, gating, probe, Map::of);
    }
}
