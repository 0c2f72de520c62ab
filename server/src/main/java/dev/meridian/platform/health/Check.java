package dev.meridian.platform.health;

import java.util.function.BooleanSupplier;

/**
 * One readiness check. A gating check that fails turns {@code /readyz} to 503; a non-gating one is only reported
 * (the server keeps serving without it, e.g. Redis falls back to Postgres and events are dropped and counted).
 */
public record Check(String name, boolean gating, BooleanSupplier probe) {}
