package dev.meridian.world.net;

import dev.meridian.world.engine.TickOverruns;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Who may join now. A server over its capacity must degrade, never collapse: at most {@code world.max-players}
 * players hold a seat, and the joins' character lookups reach the database at most {@code world.join.lookups} at a
 * time, the rest waiting their turn in a bounded queue (not each on its own pool connection, where a crowd of joins
 * would time out together and starve the REST API). A join that finds no seat or no room in the queue, that comes
 * while the event loops keep running late ({@link LoopLag}), or whose zone keeps overrunning its ticks
 * ({@link TickOverruns}), is refused {@code server_full} with a retry-after, and the players already in keep their
 * cadence.
 */
public final class Admission {
    private final AdmissionSettings settings;
    private final AtomicInteger seated = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final Semaphore lookups;
    private final Executor joins;
    private final TickOverruns overruns;
    private final LoopLag lag;
    private final WorldMetrics metrics;

    /**
     * Each join's lookup on a virtual thread of its own: it may wait for its turn and for the database.
     *
     * @param metrics counts each refusal ({@link Refusal})
     */
    public Admission(AdmissionSettings settings, TickOverruns overruns, LoopLag lag, WorldMetrics metrics) {
        this(
                settings,
                overruns,
                lag,
                metrics,
                join -> Thread.ofVirtual().name("world-join").start(join));
    }

    /** @param joins where joins' lookups run (tests run them by hand) */
    Admission(AdmissionSettings settings, TickOverruns overruns, LoopLag lag, WorldMetrics metrics, Executor joins) {
        this.settings = settings;
        this.lookups = new Semaphore(settings.lookups(), true);
        this.overruns = overruns;
        this.lag = lag;
        this.metrics = metrics;
        this.joins = joins;
    }

    /** How late the realtime listener's event loops run; each loop's {@link Outlet} feeds it. */
    LoopLag lag() {
        return lag;
    }

    /**
     * Whether the event loops keep running late: every player more makes every player's moves and snapshots wait
     * longer. Asked once per join (not per resume: that entity is already ticked and written to), so a yes is counted
     * as that join's refusal.
     */
    boolean lagging() {
        boolean lagging = lag.lagging();
        if (lagging) {
            metrics.refused(Refusal.LOOP_LAG);
        }
        return lagging;
    }

    /**
     * Whether a zone is too busy to take one more player in (a resume takes back an entity it already ticks); asked
     * once per join, so a yes is counted as that join's refusal.
     */
    boolean overloaded(String zone) {
        boolean overloaded = overruns.overloaded(zone);
        if (overloaded) {
            metrics.refused(Refusal.ZONE_OVERLOADED);
        }
        return overloaded;
    }

    /** Takes a seat when one is free; every successful call is matched by one {@link #unseat()}. */
    boolean seat() {
        int now;
        do {
            now = seated.get();
            if (now >= settings.maxPlayers()) {
                metrics.refused(Refusal.MAX_PLAYERS);
                return false;
            }
        } while (!seated.compareAndSet(now, now + 1));
        return true;
    }

    void unseat() {
        seated.decrementAndGet();
    }

    /** Players holding a seat (joined, or joining). */
    public int seated() {
        return seated.get();
    }

    /** Whether the join queue has room; every successful call is matched by one {@link #lookUp}. */
    boolean enqueue() {
        if (queued.incrementAndGet() > settings.queue()) {
            queued.decrementAndGet();
            metrics.refused(Refusal.JOIN_QUEUE);
            return false;
        }
        return true;
    }

    /** Starts a join's work off the event loop; it calls {@link #lookUp} and hands its outcome back to the loop. */
    void startJoin(Runnable join) {
        joins.execute(join);
    }

    /**
     * Runs a lookup when its turn comes (off the event loop: it may wait), and leaves the queue.
     *
     * @return empty when the turn did not come within {@code world.join.wait}
     */
    <T> Optional<T> lookUp(Supplier<T> lookup) throws InterruptedException {
        try {
            if (!lookups.tryAcquire(settings.queueWait().toNanos(), TimeUnit.NANOSECONDS)) {
                metrics.refused(Refusal.JOIN_WAIT);
                return Optional.empty();
            }
            try {
                return Optional.of(lookup.get());
            } finally {
                lookups.release();
            }
        } finally {
            queued.decrementAndGet();
        }
    }

    Duration retryAfter() {
        return settings.retryAfter();
    }
}
