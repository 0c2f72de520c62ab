package dev.meridian.world.engine;

/** For the engine benchmark: the last tick's phases ({@link TickBreakdown}) in nanoseconds. */
public final class TickPhases {
    private TickPhases() {}

    /** Commands, movement (with crossings and events), views (the fan-out), persistence. */
    public static long[] last(Zone zone) {
        TickBreakdown breakdown = zone.lastTick();
        return new long[] {
            breakdown.commandsNanos(), breakdown.moveNanos(), breakdown.viewsNanos(), breakdown.persistNanos()
        };
    }
}
