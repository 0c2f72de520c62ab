package dev.meridian.world.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits the per-player parts of a tick over a small fixed set of platform threads: the tick thread itself plus
 * {@code workers - 1} helpers. Three rounds per tick use it: resolving the tick's moves ({@link PendingMoves}), moving
 * ({@link Movement}) and describing, encoding and enqueueing the views. Each round writes only what belongs to the
 * item at hand (a player's own entity) or to the worker (its {@link ViewUpdate}, its list of deferred cell changes),
 * so slices need no locks. The zone lists its players cell by cell, so a slice is a band of neighbouring cells. With
 * one worker everything runs on the calling thread, as in the deterministic tests.
 *
 * <p>Each thread has a band of its own, cut into a few slices, which it takes from the front; a thread that finished
 * its band takes the others' remaining slices from their back ends. A helper that the operating system runs late
 * (the cores are shared with the event loops, the other zones and whatever else the machine does) thus costs the
 * tick only the slice it is in, never a fixed share of the work that the tick thread would have to wait for, and
 * every thread still works through neighbouring cells (each thread encodes the fragments of the cells its slices
 * see, so scattered slices would have every thread encode nearly every cell).
 *
 * <p>With {@link ThreadPinning}, each worker runs on a core of its own while the zone fans out: left to the scheduler,
 * a woken helper often waited on the tick thread's core while another core idled.
 */
public final class FanOut implements AutoCloseable {
    /** Below this many players a tick is too short for a hand-off to pay. */
    private static final int MIN_PARALLEL = 512;
    /** Slices per thread: enough to even out a late helper, few enough that a slice still spans whole cells. */
    private static final int SLICES_PER_WORKER = 8;
    /** The smallest slice: a few cells' worth of players. */
    private static final int MIN_SLICE = 64;

    private final int workers;
    private final ExecutorService helpers;
    private final ViewUpdate[] updates;
    /** Per worker, its core ({@link ThreadPinning}); empty when the threads are not pinned. */
    private final int[] cores;

    private final ThreadPinning pinning;
    /** The tick thread's: whether it is pinned for the current tick. */
    private boolean callerPinned;

    /** A slice of the players, [from, to), described into {@code update}. */
    @FunctionalInterface
    interface Slice {
        void run(int from, int to, ViewUpdate update);
    }

    /**
     * A slice [from, to) of a round's items, run by {@code worker} (0 is the tick thread): whatever a worker collects
     * goes into its own per-worker storage, indexed by this number.
     */
    @FunctionalInterface
    interface Range {
        void run(int from, int to, int worker);
    }

    private FanOut(int workers, String zone, ThreadPinning pinning) {
        this.workers = workers;
        this.pinning = pinning;
        this.cores = pinning.coresFor(workers);
        AtomicInteger helper = new AtomicInteger();
        this.helpers = workers == 1
                ? null
                : Executors.newFixedThreadPool(workers - 1, body -> {
                    int worker = 1 + helper.getAndIncrement() % (workers - 1);
                    return Thread.ofPlatform()
                            .name("zone-" + zone + "-fan-out-" + worker)
                            .daemon(true)
                            .unstarted(() -> {
                                if (cores.length > 0) {
                                    pinning.pinCurrentThread(cores[worker]);
                                }
                                body.run();
                            });
                });
        this.updates = new ViewUpdate[workers];
        for (int i = 0; i < workers; i++) {
            updates[i] = new ViewUpdate();
        }
    }

    public static FanOut single() {
        return new FanOut(1, "", ThreadPinning.none());
    }

    public static FanOut of(int workers, String zone) {
        return of(workers, zone, ThreadPinning.none());
    }

    /** @param pinning gives each worker a core of its own: the helpers for good, the tick thread while it fans out */
    public static FanOut of(int workers, String zone, ThreadPinning pinning) {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("fan-out workers must be within 1..64");
        }
        return new FanOut(workers, zone, pinning);
    }

    /** How many threads share a round (per-worker storage is indexed 0 .. workers - 1). */
    int workers() {
        return workers;
    }

    /**
     * At the start of a tick of {@code players}, on the tick thread: a tick that will fan out runs on worker 0's core
     * until {@link #tickEnded}. Only for the tick: a thread started from a pinned thread inherits its core, so
     * the tick thread stays pinned no longer than it must.
     */
    void tickStarting(int players) {
        if (cores.length > 0 && players >= MIN_PARALLEL) {
            pinning.pinCurrentThread(cores[0]);
            callerPinned = true;
        }
    }

    /** At the end of the tick (also when it failed): the tick thread may run on any allowed core again. */
    void tickEnded() {
        if (callerPinned) {
            callerPinned = false;
            pinning.unpinCurrentThread();
        }
    }

    /** Describes the views of players [0, count), each worker into its own update. */
    void run(int count, Slice slice) {
        forEach(count, (from, to, worker) -> slice.run(from, to, updates[worker]));
    }

    /** Runs {@code range} over [0, count) in slices on the workers; returns when every slice has run. */
    void forEach(int count, Range range) {
        if (workers == 1 || count < MIN_PARALLEL) {
            range.run(0, count, 0);
            return;
        }
        Round round = new Round(count, workers, range);
        for (int w = 1; w < workers; w++) {
            int worker = w;
            helpers.execute(() -> round.work(worker));
        }
        round.work(0);
        round.awaitDone();
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }

    /**
     * One tick's slices. A new object per tick, so a helper that wakes after the tick it was called for has ended
     * finds no slice left in that tick's round and cannot take one of the next.
     */
    private static final class Round {
        private final int count;
        private final int sliceSize;
        private final int slices;
        private final Range range;
        private final Thread caller = Thread.currentThread();
        /** Per thread, its band of slices [front, end) not yet taken, packed as front << 32 | end. */
        private final AtomicLongArray bands;

        private final AtomicInteger done = new AtomicInteger();

        Round(int count, int workers, Range range) {
            this.count = count;
            this.sliceSize = Math.max(MIN_SLICE, count / (workers * SLICES_PER_WORKER));
            this.slices = (count + sliceSize - 1) / sliceSize;
            this.range = range;
            this.bands = new AtomicLongArray(workers);
            for (int w = 0; w < workers; w++) {
                long front = (long) slices * w / workers;
                long end = (long) slices * (w + 1) / workers;
                bands.set(w, front << 32 | end);
            }
        }

        void work(int worker) {
            int taken;
            while ((taken = take(worker, true)) >= 0) {
                run(taken, worker);
            }
            for (int i = 1; i < bands.length(); i++) {
                int other = (worker + i) % bands.length();
                while ((taken = take(other, false)) >= 0) {
                    run(taken, worker);
                }
            }
        }

        /** A slice of {@code band}: its first one for the band's own thread, its last one for the others; -1 if none. */
        private int take(int band, boolean own) {
            while (true) {
                long packed = bands.get(band);
                int front = (int) (packed >>> 32);
                int end = (int) packed;
                if (front >= end) {
                    return -1;
                }
                if (bands.compareAndSet(band, packed, own ? packed + (1L << 32) : packed - 1)) {
                    return own ? front : end - 1;
                }
            }
        }

        private void run(int taken, int worker) {
            int from = taken * sliceSize;
            try {
                range.run(from, Math.min(count, from + sliceSize), worker);
            } finally {
                if (done.incrementAndGet() == slices) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** On the tick thread, once it found no slice left: the helpers finish the ones they took. */
        void awaitDone() {
            while (done.get() < slices) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the fan-out ran");
                }
            }
        }
    }
}
