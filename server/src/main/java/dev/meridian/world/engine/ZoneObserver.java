package dev.meridian.world.engine;

/** Measurements of the tick loop, reported to metrics (and admission) by the wiring. */
public interface ZoneObserver {

    void tick(String zone, long nanos, boolean overrun);

    void tickFailed(String zone, Throwable error);

    /** This observer, then {@code next}: a tick loop reports to one observer. */
    default ZoneObserver and(ZoneObserver next) {
        ZoneObserver first = this;
        return new ZoneObserver() {
            @Override
            public void tick(String zone, long nanos, boolean overrun) {
                first.tick(zone, nanos, overrun);
                next.tick(zone, nanos, overrun);
            }

            @Override
            public void tickFailed(String zone, Throwable error) {
                first.tickFailed(zone, error);
                next.tickFailed(zone, error);
            }
        };
    }
}
