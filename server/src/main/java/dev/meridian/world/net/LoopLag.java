package dev.meridian.world.net;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How late the realtime event loops run what they are handed: the delay every snapshot write of a connection waits on
 * top of the tick. A tick can keep its budget while the loop that reads and writes its players is busy, or while the
 * whole machine is starved and no thread gets a core in time; the tick's overruns ({@code
 * world.overload.overrun-share}) never see that, and a server judged by them alone admitted every player of a ramp
 * while everyone's input-to-ack latency went to seconds (docs/benchmarks.md, "The ramp past capacity").
 *
 * <p>Each time a tick hands a loop its batch of frames to write ({@link Outlet}), the loop notes how long the batch
 * waited before it ran. The samples cost nothing the loop was not doing anyway: an earlier version woke every loop
 * with a probe every 10 ms, which on the 2-core machine cost an idle server 0.9 % of a core (100 wake-ups a second of
 * about 90 µs each) and a crowd of 100 as much again. A loop with no players to write to is not judged: nothing waits
 * on it. When the share of late batches over {@code world.overload.window} reaches {@code world.overload.lag-share} on
 * any loop, admission refuses joins {@code server_full} until it falls below.
 */
public final class LoopLag {
    /** Samples a loop keeps at most: a window of 5 s at 20 Hz holds 100. */
    private static final int CAPACITY = 4096;

    private final long limitNanos;
    private final long windowNanos;
    private final double share;
    private final List<Window> windows = new CopyOnWriteArrayList<>();

    /**
     * @param limit a batch that waits longer than this counts as late
     * @param window how far back the batches are judged
     * @param share the share of them (0 < share <= 1) that must have been late for joins to be refused
     */
    public LoopLag(Duration limit, Duration window, double share) {
        if (!limit.isPositive() || !window.isPositive() || !(share > 0) || share > 1) {
            throw new IllegalArgumentException("world.overload.lag-limit and world.overload.window must be positive"
                    + " and world.overload.lag-share within (0, 1]");
        }
        this.limitNanos = limit.toNanos();
        this.windowNanos = window.toNanos();
        this.share = share;
    }

    /** The judged samples of one more loop. */
    Window window() {
        Window window = new Window();
        windows.add(window);
        return window;
    }

    /** Any thread: whether a loop had too many late batches in the window. */
    public boolean lagging() {
        long now = System.nanoTime();
        for (Window window : windows) {
            if (window.fresh(now) && window.lagging) {
                return true;
            }
        }
        return false;
    }

    /** Any thread: the share of late batches in the window of the latest loop (0..1). */
    public double lateShare() {
        long now = System.nanoTime();
        double worst = 0;
        for (Window window : windows) {
            if (window.fresh(now)) {
                worst = Math.max(worst, window.lateShare);
            }
        }
        return worst;
    }

    /** One loop's samples of the window as a ring; written by that loop only, read from any thread. */
    final class Window {
        private final long[] times = new long[CAPACITY];
        private final boolean[] late = new boolean[CAPACITY];
        private int oldest;
        private int size;
        private int lateCount;
        private volatile long lastSample;
        private volatile double lateShare;
        private volatile boolean lagging;

        private Window() {}

        /**
         * On the loop: a batch handed over at some time ran at {@code nowNanos} ({@link System#nanoTime}), after
         * waiting {@code waitedNanos}.
         */
        void record(long nowNanos, long waitedNanos) {
            while (size > 0 && (size == CAPACITY || nowNanos - times[oldest] > windowNanos)) {
                lateCount -= late[oldest] ? 1 : 0;
                oldest = (oldest + 1) % CAPACITY;
                size--;
            }
            int slot = (oldest + size) % CAPACITY;
            times[slot] = nowNanos;
            late[slot] = waitedNanos > limitNanos;
            lateCount += late[slot] ? 1 : 0;
            size++;
            lateShare = (double) lateCount / size;
            lagging = lateCount >= share * size;
            lastSample = nowNanos;
        }

        /** Whether its samples still say anything: a loop that wrote nothing for a whole window is not judged. */
        private boolean fresh(long nowNanos) {
            long last = lastSample;
            return last != 0 && nowNanos - last <= windowNanos;
        }
    }
}
