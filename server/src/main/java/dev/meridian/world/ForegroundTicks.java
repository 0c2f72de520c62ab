package dev.meridian.world;

import dev.meridian.platform.cpu.ForegroundWork;
import dev.meridian.world.engine.ZoneObserver;

/**
 * Every zone's tick is foreground work: while one runs, password hashing pauses at its checkpoints
 * ({@link ForegroundWork}), so the tick has the cores that a login storm would otherwise keep busy.
 */
final class ForegroundTicks implements ZoneObserver {
    private final ForegroundWork foreground;

    ForegroundTicks(ForegroundWork foreground) {
        this.foreground = foreground;
    }

    @Override
    public void tickStarting(String zone) {
        foreground.begin();
    }

    @Override
    public void tick(String zone, long nanos, boolean overrun) {
        foreground.end();
    }

    @Override
    public void slowTick(String zone, String breakdown) {
        // the tick is over and counted by tick()
    }

    @Override
    public void tickFailed(String zone, Throwable error) {
        // tick() follows a failed tick too, and ends it
    }
}
