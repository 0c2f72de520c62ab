package dev.meridian.world.engine;

/** Measurements of the tick loop, reported to metrics, slow ticks to the log and overruns to admission. */
public interface ZoneObserver {

    /** A tick of {@code zone} starts; {@link #tick} follows once it is over, also when it failed. */
    default void tickStarting(String zone) {}

    void tick(String zone, long nanos, boolean overrun);

    /**
     * A tick took longer than its budget; {@code breakdown} says where its time went, as {@code key=value} fields
     * ({@code ms=... budget_ms=... tick=... players=... views_ms=...}). A zone that overruns keeps overrunning, so
     * this comes every tick while it lasts.
     */
    void slowTick(String zone, String breakdown);

    void tickFailed(String zone, Throwable error);

    /** This observer, then {@code next}: a tick loop reports to one observer. */
    default ZoneObserver and(ZoneObserver next) {
        ZoneObserver first = this;
        return new ZoneObserver() {
            @Override
            public void tickStarting(String zone) {
                first.tickStarting(zone);
                next.tickStarting(zone);
            }

            @Override
            public void tick(String zone, long nanos, boolean overrun) {
                first.tick(zone, nanos, overrun);
                next.tick(zone, nanos, overrun);
            }

            @Override
            public void slowTick(String zone, String breakdown) {
                first.slowTick(zone, breakdown);
                next.slowTick(zone, breakdown);
            }

            @Override
            public void tickFailed(String zone, Throwable error) {
                first.tickFailed(zone, error);
                next.tickFailed(zone, error);
            }
        };
    }
}
