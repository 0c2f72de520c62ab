package dev.meridian.world.engine;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The durations of a zone's last {@value #SIZE} ticks (a minute at 20 Hz), written by its tick thread and read by
 * the admin console from any thread: the console's tick p99 is of what happened just now, which the metrics'
 * histogram (cumulative since the start) cannot tell.
 */
public final class TickTimes {
    static final int SIZE = 1200;

    private final AtomicLongArray nanos = new AtomicLongArray(SIZE);
    /** Ticks recorded so far; only the tick thread writes it. */
    private volatile long recorded;

    void record(long tookNanos) {
        long at = recorded;
        nanos.set((int) (at % SIZE), tookNanos);
        recorded = at + 1;
    }

    /** {@link #p99Nanos()} in milliseconds. */
    public OptionalDouble p99Millis() {
        OptionalLong nanos = p99Nanos();
        return nanos.isPresent() ? OptionalDouble.of(nanos.getAsLong() / 1e6) : OptionalDouble.empty();
    }

    /** The 99th percentile (nearest rank) of the recent ticks' durations; empty before the first tick. */
    public OptionalLong p99Nanos() {
        int count = (int) Math.min(recorded, SIZE);
        if (count == 0) {
            return OptionalLong.empty();
        }
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = nanos.get(i);
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.99 * count);
        return OptionalLong.of(sorted[rank - 1]);
    }
}
