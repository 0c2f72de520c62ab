package dev.meridian.world.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Splits the per-player part of a tick (describe the view, encode, enqueue) over a small fixed set of platform
 * threads: the tick thread itself plus {@code workers - 1} helpers. That phase only reads zone state (each player's
 * own entity flags are written by the one thread that handles it), so slices need no locks; each has its own
 * {@link ViewUpdate}. The zone lists its players cell by cell, so a slice is a band of neighbouring cells. With one
 * worker everything runs on the calling thread, as in the deterministic tests.
 */
public final class FanOut implements AutoCloseable {
    /** Below this many players a tick is too short for a hand-off to pay. */
    private static final int MIN_PARALLEL = 512;

    private final int workers;
    private final ExecutorService helpers;
    private final ViewUpdate[] updates;

    /** A slice of the players, [from, to), described into {@code update}. */
    @FunctionalInterface
    interface Slice {
        void run(int from, int to, ViewUpdate update);
    }

    private FanOut(int workers, String zone) {
        this.workers = workers;
        this.helpers = workers == 1
                ? null
                : Executors.newFixedThreadPool(
                        workers - 1,
                        Thread.ofPlatform()
                                .name("zone-" + zone + "-fan-out-", 1)
                                .daemon(true)
                                .factory());
        this.updates = new ViewUpdate[workers];
        for (int i = 0; i < workers; i++) {
            updates[i] = new ViewUpdate();
        }
    }

    public static FanOut single() {
        return new FanOut(1, "");
    }

    public static FanOut of(int workers, String zone) {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("fan-out workers must be within 1..64");
        }
        return new FanOut(workers, zone);
    }

    void run(int count, Slice slice) {
        if (workers == 1 || count < MIN_PARALLEL) {
            slice.run(0, count, updates[0]);
            return;
        }
        int chunk = (count + workers - 1) / workers;
        CountDownLatch done = new CountDownLatch(workers - 1);
        for (int w = 1; w < workers; w++) {
            int from = Math.min(count, w * chunk);
            int to = Math.min(count, from + chunk);
            ViewUpdate update = updates[w];
            helpers.execute(() -> {
                try {
                    slice.run(from, to, update);
                } finally {
                    done.countDown();
                }
            });
        }
        slice.run(0, Math.min(count, chunk), updates[0]);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fan-out ran", e);
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
