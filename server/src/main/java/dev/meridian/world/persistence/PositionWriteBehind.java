package dev.meridian.world.persistence;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.platform.logging.KeyValueFormatter;
import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.world.engine.CrossingWrite;
import dev.meridian.world.engine.PositionSink;
import dev.meridian.world.engine.PositionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Positions waiting to be written, newest per character, and the one platform thread that writes them in batches:
 * whatever is pending when it wakes, at most once per batch gap. Zones hand a share of their players on every tick;
 * written on every tick, that was one transaction and one cache eviction in Redis per tick and zone, which at crowd
 * 100 cost the server more than a fifth of its CPU; gathered over a gap of a second, it is one a second. Zones know
 * the gap ({@link #writeDelay}) and hand positions on that much sooner, so a stored position is still at most
 * {@code world.persist-interval} old. A portal crossing into another node does not wait for the gap, and a player
 * that left waits at most {@link #LEAVE_GAP_NANOS} (its character list and a join elsewhere read the row). A
 * failed write keeps every position and retries with backoff, so nothing is lost while Postgres is away; a newer
 * position that arrives meanwhile replaces the older one. A crossing whose write fails is given up at once (its player
 * is told and keeps its position before the portal), and while writes fail the zones hold players back at such
 * portals ({@link #failing}).
 */
public final class PositionWriteBehind implements PositionSink {
    private static final System.Logger LOG = System.getLogger(PositionWriteBehind.class.getName());
    /**
     * The longest wait between two tries while Postgres is away: one failed connection attempt per node every few
     * seconds costs nothing, and players held back at portals to other nodes go on soon after Postgres is back.
     */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * The least time between two writes cut short by players leaving: a departure reaches Postgres (and the REST
     * character list, whose cache the write evicts) within about this, and a thousand players leaving within a second
     * still make at most ten transactions, not a thousand.
     */
    private static final long LEAVE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PositionStore store;
    private final Runnable failureCounter;
    /** While Postgres is away every retry fails: one line a minute, with how many it stands for. */
    private final ThrottledLog failureLog = new ThrottledLog(LOG, Duration.ofMinutes(1));

    private final ConcurrentHashMap<CharacterId, CharacterPosition> pending = new ConcurrentHashMap<>();
    /** Portal crossings into zones other nodes run, in order; written after the batch, each on its own. */
    private final ConcurrentLinkedQueue<Crossing> crossings = new ConcurrentLinkedQueue<>();

    private record Crossing(
            CharacterPosition before, CharacterPosition after, CompletableFuture<CrossingWrite> written) {
        String fromZone() {
            return before.zone();
        }
    }

    private final Semaphore wake = new Semaphore(0);
    /** Cuts a batch gap short: a crossing to write, a player that left, or the stop. */
    private final Semaphore urgent = new Semaphore(0);
    /** A leaving player's position waits: the batch gap shrinks to {@link #LEAVE_GAP_NANOS}. */
    private volatile boolean leaving;

    private final Duration batchGap;
    private final long gapNanos;
    /** {@link #LEAVE_GAP_NANOS}, or the batch gap where that is shorter. */
    private final long leaveGapNanos;

    private final Thread worker;
    private volatile boolean running = true;
    /** Whether the last try failed; cleared by the next one that writes. */
    private volatile boolean failing;

    /** A write-behind without a batch gap: it writes whatever is pending each time it wakes (tests). */
    public PositionWriteBehind(PositionStore store, Runnable failureCounter) {
        this(store, failureCounter, Duration.ZERO);
    }

    /**
     * @param failureCounter counts each failed write (a metric)
     * @param batchGap the least time between two batch writes ({@link #batchGapFor})
     */
    public PositionWriteBehind(PositionStore store, Runnable failureCounter, Duration batchGap) {
        this.store = store;
        this.batchGap = batchGap;
        this.gapNanos = batchGap.toNanos();
        this.leaveGapNanos = Math.min(LEAVE_GAP_NANOS, gapNanos);
        this.failureCounter = failureCounter;
        this.worker = Thread.ofPlatform().name("position-writer").daemon(true).unstarted(this::run);
    }

    /**
     * The batch gap for a persist interval: a fifth of it, at most a second. With the default interval of 5 s positions
     * are handed on every 4 s and written once a second.
     */
    public static Duration batchGapFor(Duration persistInterval) {
        Duration fifth = persistInterval.dividedBy(5);
        return fifth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : fifth;
    }

    @Override
    public Duration writeDelay() {
        return batchGap;
    }

    public PositionWriteBehind start() {
        worker.start();
        return this;
    }

    @Override
    public void save(List<CharacterPosition> positions) {
        for (CharacterPosition position : positions) {
            pending.put(position.character(), position);
        }
        wake.release();
    }

    @Override
    public void saveLeaving(CharacterPosition position) {
        pending.put(position.character(), position);
        leaving = true;
        wake.release();
        urgent.release();
    }

    /**
     * The crossing's older positions of the character are not written after it: the one waiting is dropped now, and one
     * being written already is written before the crossing (both happen in {@link #writeOnce}).
     */
    @Override
    public CompletionStage<CrossingWrite> saveCrossing(CharacterPosition before, CharacterPosition after) {
        Crossing crossing = new Crossing(before, after, new CompletableFuture<>());
        crossings.add(crossing);
        pending.remove(after.character());
        wake.release();
        urgent.release();
        return crossing.written();
    }

    @Override
    public boolean failing() {
        return failing;
    }

    /** The newest position not yet written, so that a quick re-join does not start from a stale saved one. */
    public Optional<CharacterPosition> unwritten(CharacterId character) {
        for (Crossing crossing : crossings) {
            if (crossing.after().character().equals(character)) {
                return Optional.of(crossing.after());
            }
        }
        return Optional.ofNullable(pending.get(character));
    }

    /**
     * The zone stopped on this node (its lease was lost): what it left unwritten is not this node's to write any more;
     * the zone's new owner loads its players from Postgres.
     */
    public void discard(String zone) {
        pending.values().removeIf(position -> position.zone().equals(zone));
        crossings.removeIf(crossing ->
                crossing.fromZone().equals(zone) && crossing.written().complete(CrossingWrite.REFUSED));
    }

    public int pendingCount() {
        return pending.size() + crossings.size();
    }

    /** Writes everything pending now, on the calling thread (graceful shutdown); true when nothing is left. */
    public boolean flush() {
        return writeOnce() && pendingCount() == 0;
    }

    public void stop() throws InterruptedException {
        running = false;
        wake.release();
        urgent.release();
        worker.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        long backoff = 0;
        long lastWrite = System.nanoTime() - gapNanos;
        while (running) {
            try {
                if (backoff == 0) {
                    wake.acquire();
                    // a crossing to write or the stop cuts the gap short; a player that left shortens it
                    long since = lastWrite;
                    waitUntil(() -> since + (leaving ? leaveGapNanos : gapNanos), urgent, crossings::isEmpty);
                    leaving = false;
                } else {
                    // zones hand positions on every tick: a failed write waits out its backoff whatever arrives
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                    waitUntil(() -> until, wake, () -> true);
                }
                wake.drainPermits();
                urgent.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            lastWrite = System.nanoTime();
            backoff = writeOnce() ? 0 : Math.min(MAX_BACKOFF.toMillis(), Math.max(250, backoff * 2));
        }
    }

    /**
     * Until {@code deadline} (nanoTime, read again at every wake: a leave moves it closer), while the writer runs and
     * {@code stillWaiting} holds.
     */
    private void waitUntil(LongSupplier deadline, Semaphore wakes, BooleanSupplier stillWaiting)
            throws InterruptedException {
        long left = deadline.getAsLong() - System.nanoTime();
        while (running && stillWaiting.getAsBoolean() && left > 0) {
            wakes.tryAcquire(left, TimeUnit.NANOSECONDS);
            left = deadline.getAsLong() - System.nanoTime();
        }
    }

    /** One batch, then the crossings; false when a write failed (everything not written is kept). */
    private synchronized boolean writeOnce() {
        if (!pending.isEmpty()) {
            List<CharacterPosition> batch = List.copyOf(pending.values());
            try {
                store.save(batch);
            } catch (Exception e) {
                failed(batch.size(), e);
                return false;
            }
            // remove only what was written: a newer position put meanwhile stays for the next batch
            batch.forEach(position -> pending.remove(position.character(), position));
        }
        Crossing crossing;
        while ((crossing = crossings.peek()) != null) {
            boolean written;
            try {
                written = store.saveCrossing(crossing.after(), crossing.fromZone());
            } catch (Exception e) {
                failed(1, e);
                return false;
            }
            crossings.remove(crossing);
            crossing.written().complete(written ? CrossingWrite.WRITTEN : CrossingWrite.REFUSED);
        }
        failing = false;
        // positions handed on while this batch was written wait for the next one: not a failure
        return true;
    }

    /**
     * Every crossing waiting is given up rather than kept for the next try, which may be seconds away: its player is
     * told now, and its position before the portal is written later in its place (unless a newer one came meanwhile).
     */
    private void failed(int positions, Exception e) {
        failing = true;
        failureCounter.run();
        failureLog.warn("event=position_write_failed pending=" + positions + " error=" + KeyValueFormatter.quote(e));
        Crossing crossing;
        while ((crossing = crossings.poll()) != null) {
            pending.putIfAbsent(crossing.before().character(), crossing.before());
            crossing.written().complete(CrossingWrite.FAILED);
        }
    }
}
