package dev.meridian.world.net;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How late the realtime event loops run what they are handed: the delay every move read and every snapshot write of a
 * connection waits on top of the tick. A tick can keep its budget while the loop that reads and writes its players is
 * busy, or while the whole machine is starved and no thread gets a core in time; the tick's overruns
 * ({@code world.overload.overrun-share}) never see that, and a server judged by them alone admitted every player of a
 * ramp while everyone's input-to-ack latency went to seconds (docs/benchmarks.md, "The ramp past capacity").
 *
 * <p>A probe on each loop runs every {@value #PROBE_MILLIS} ms at a fixed rate and notes how late it started. A late
 * loop runs the probes it owes one after another, each as late as a message that arrived at its time waited, so the
 * share of late probes is the share of time a message would have waited longer than {@code world.overload.lag-limit}.
 * When that share reaches {@code world.overload.lag-share} over {@code world.overload.window} on any loop, admission
 * refuses joins {@code server_full} until it falls below.
 */
public final class LoopLag {
    static final int PROBE_MILLIS = 10;
    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);

    private final long limitNanos;
    private final int windowProbes;
    private final int threshold;
    private final List<Window> windows = new CopyOnWriteArrayList<>();

    /**
     * @param limit a probe that starts later than this counts as late
     * @param window how far back the probes are judged
     * @param share the share of them (0 < share <= 1) that must have been late for joins to be refused
     */
    public LoopLag(Duration limit, Duration window, double share) {
        if (!limit.isPositive() || window.toMillis() < PROBE_MILLIS || !(share > 0) || share > 1) {
            throw new IllegalArgumentException("world.overload.lag-limit must be positive, world.overload.window at"
                    + " least " + PROBE_MILLIS + " ms and world.overload.lag-share within (0, 1]");
        }
        this.limitNanos = limit.toNanos();
        this.windowProbes = (int) (window.toMillis() / PROBE_MILLIS);
        this.threshold = Math.max(1, (int) Math.ceil(share * windowProbes));
    }

    /** Starts a probe on each loop of the group; it ends with its loop. */
    void watch(EventLoopGroup loops) {
        for (EventExecutor loop : loops) {
            Window window = window();
            long first = System.nanoTime() + PROBE_NANOS;
            loop.scheduleAtFixedRate(
                    new Runnable() {
                        private long due = first;

                        @Override
                        public void run() {
                            window.record(System.nanoTime() - due);
                            due += PROBE_NANOS;
                        }
                    },
                    PROBE_NANOS,
                    PROBE_NANOS,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The judged probes of one more loop (tests record into it by hand). */
    Window window() {
        Window window = new Window(windowProbes, limitNanos, threshold);
        windows.add(window);
        return window;
    }

    /** Any thread: whether a loop was late too often in the window. */
    public boolean lagging() {
        for (Window window : windows) {
            if (window.lagging) {
                return true;
            }
        }
        return false;
    }

    /** Any thread: the share of late probes in the window of the latest loop (0..1). */
    public double lateShare() {
        int worst = 0;
        for (Window window : windows) {
            worst = Math.max(worst, window.late);
        }
        return (double) worst / windowProbes;
    }

    /** One loop's last probes as a ring of late flags; written by that loop only, read from any thread. */
    static final class Window {
        private final boolean[] lateProbes;
        private final long limitNanos;
        private final int threshold;
        private int next;
        private volatile int late;
        private volatile boolean lagging;

        private Window(int probes, long limitNanos, int threshold) {
            this.lateProbes = new boolean[probes];
            this.limitNanos = limitNanos;
            this.threshold = threshold;
        }

        /** @param lagNanos how much later than due a probe started */
        void record(long lagNanos) {
            boolean lateNow = lagNanos > limitNanos;
            int count = late - (lateProbes[next] ? 1 : 0) + (lateNow ? 1 : 0);
            lateProbes[next] = lateNow;
            next = (next + 1) % lateProbes.length;
            late = count;
            lagging = count >= threshold;
        }
    }
}
