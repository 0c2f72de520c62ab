package dev.meridian.world.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which zones are overloaded: those whose ticks overran their budget in at least a given share of their last ticks.
 * One slow tick (a collection pause, a crowd joining at once) is not overload; a zone that keeps overrunning is, and
 * every player it takes in on top makes every other player's cadence worse, so admission refuses new joins into it
 * ({@code server_full}) until it keeps its budget again. Each zone's window is written by its tick thread only and
 * read from any thread.
 */
public final class TickOverruns implements ZoneObserver {
    private final int windowTicks;
    private final int threshold;
    private final Map<String, Window> zones = new ConcurrentHashMap<>();

    /**
     * @param windowTicks how many of a zone's last ticks are judged
     * @param share the share of them (0 < share <= 1) that must have overrun for the zone to count as overloaded
     */
    public TickOverruns(int windowTicks, double share) {
        if (windowTicks < 1 || !(share > 0) || share > 1) {
            throw new IllegalArgumentException("the overrun window needs at least one tick and a share in (0, 1]");
        }
        this.windowTicks = windowTicks;
        this.threshold = Math.max(1, (int) Math.ceil(share * windowTicks));
    }

    @Override
    public void tick(String zone, long nanos, boolean overrun) {
        zones.computeIfAbsent(zone, name -> new Window(windowTicks)).record(overrun, threshold);
    }

    @Override
    public void slowTick(String zone, String breakdown) {}

    @Override
    public void tickFailed(String zone, Throwable error) {}

    /** Any thread: whether the zone's recent ticks overran too often. */
    public boolean overloaded(String zone) {
        Window window = zones.get(zone);
        return window != null && window.overloaded;
    }

    /** The last ticks of one zone as a ring of overrun flags. */
    private static final class Window {
        private final boolean[] overran;
        private int next;
        private int count;
        private volatile boolean overloaded;

        Window(int ticks) {
            this.overran = new boolean[ticks];
        }

        void record(boolean overrun, int threshold) {
            if (overran[next]) {
                count--;
            }
            overran[next] = overrun;
            if (overrun) {
                count++;
            }
            next = (next + 1) % overran.length;
            overloaded = count >= threshold;
        }
    }
}
