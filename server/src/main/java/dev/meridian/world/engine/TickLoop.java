package dev.meridian.world.engine;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When a zone ticks: one platform thread at a fixed rate. A late tick is followed by the next one at once (catch-up)
 * but never by more than a few; a Throwable from a tick is logged and counted and the loop goes on.
 */
public final class TickLoop {
    private static final System.Logger LOG = System.getLogger(TickLoop.class.getName());
    /** How many missed ticks are caught up before the schedule is reset to now. */
    private static final int MAX_CATCH_UP = 5;
    /** The longest an empty zone's thread rests without a tick (an idle server stays under 1 % of a core). */
    private static final long IDLE_REST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Zone zone;
    private final ZoneObserver observer;
    /** Checked before every tick: false once the node's lease on the zone has run out (the loop then stops). */
    private final BooleanSupplier owned;

    private final Thread thread;
    private volatile boolean running = true;

    public TickLoop(Zone zone, ZoneObserver observer) {
        this(zone, observer, () -> true);
    }

    /**
     * @param owned whether this node still owns the zone: a node that was paused (SIGSTOP, a long GC pause) finds out
     *     here before its next tick, not only when its lease watchdog runs, so it never ticks beside a new owner
     */
    public TickLoop(Zone zone, ZoneObserver observer, BooleanSupplier owned) {
        this.zone = zone;
        this.observer = observer;
        this.owned = owned;
        this.thread =
                Thread.ofPlatform().name("zone-" + zone.name()).daemon(true).unstarted(this::run);
    }

    public TickLoop start() {
        thread.start();
        return this;
    }

    /** Stops after the current tick and waits for it; afterwards the zone may be read from the calling thread. */
    public void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        long period = zone.settings().tickNanos();
        long next = System.nanoTime();
        while (running && owned.getAsBoolean()) {
            try {
                observer.tickStarting(zone.name());
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "event=tick_report_failed zone=" + zone.name(), e);
            }
            long started = System.nanoTime();
            try {
                zone.tick();
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "event=tick_failed zone=" + zone.name(), e);
                observer.tickFailed(zone.name(), e);
            }
            long finished = System.nanoTime();
            long took = finished - started;
            try {
                zone.tickTimes().record(took);
                observer.tick(zone.name(), took, took > period);
                if (took > period) {
                    observer.slowTick(
                            zone.name(),
                            "ms=" + TickBreakdown.ms(took) + " budget_ms=" + TickBreakdown.ms(period) + " "
                                    + zone.lastTick().describe());
                }
            } catch (Throwable e) {
                // reporting a tick must never stop the ticking (a missing metrics class once killed this thread)
                LOG.log(Level.ERROR, "event=tick_report_failed zone=" + zone.name(), e);
            }
            next += period;
            if (finished - next > MAX_CATCH_UP * period) {
                next = finished;
            }
            if (running && zone.restUntilWork(IDLE_REST_NANOS)) {
                next = System.nanoTime();
            }
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
