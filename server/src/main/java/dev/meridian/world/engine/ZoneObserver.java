package dev.meridian.world.engine;

/** Measurements of the tick loop, reported to metrics by the wiring. */
public interface ZoneObserver {

    void tick(String zone, long nanos, boolean overrun);

    void tickFailed(String zone, Throwable error);
}
