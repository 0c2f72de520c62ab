package dev.meridian.world.engine;

/** Measurements of the tick loop, reported to metrics (and slow ticks to the log) by the wiring. */
public interface ZoneObserver {

    void tick(String zone, long nanos, boolean overrun);

    /**
     * A tick took longer than its budget; {@code breakdown} says where its time went, as {@code key=value} fields
     * ({@code ms=... budget_ms=... tick=... players=... views_ms=...}). A zone that overruns keeps overrunning, so
     * this comes every tick while it lasts.
     */
    void slowTick(String zone, String breakdown);

    void tickFailed(String zone, Throwable error);
}
