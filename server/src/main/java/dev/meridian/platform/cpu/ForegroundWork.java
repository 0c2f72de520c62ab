package dev.meridian.platform.cpu;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Work that must not wait for a core (a zone's tick) announces itself here, and CPU-bound background work (password
 * hashing) pauses at its checkpoints while any of it runs. On a machine with few cores a login storm otherwise keeps
 * every core hashing, and a tick shares its core with a hash and takes twice its time or more; the operating system's
 * priorities cannot help without privileges, and a hashing thread given a low one delayed every safepoint of the JVM
 * (docs/reliability.md, "Login storm"). A paused hashing thread is parked, so it never holds up a safepoint.
 *
 * <p>A background task bounds its own pausing (a hash pauses at most {@link #MAX_PAUSE_PER_TASK} in all), so a server
 * whose ticks run back to back still hashes, only later.
 */
public final class ForegroundWork {
    /** The most one background task (a hash) yields in all: about two ticks' budget. */
    public static final long MAX_PAUSE_PER_TASK = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    private final LongAdder pausedNanos = new LongAdder();

    /** Foreground work starts; every call is followed by one {@link #end()}. */
    public void begin() {
        running.incrementAndGet();
    }

    public void end() {
        if (running.decrementAndGet() == 0 && waiting.get() > 0) {
            lock.lock();
            try {
                none.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A background checkpoint: returns at once while no foreground work runs (one volatile read), otherwise waits until
     * none does, for at most {@code maxNanos}.
     *
     * @return how long it waited, in nanoseconds
     */
    public long pause(long maxNanos) {
        if (running.get() == 0 || maxNanos <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        waiting.incrementAndGet();
        lock.lock();
        try {
            long left = maxNanos;
            // checked under the lock that end() signals under, so no end can slip between the check and the wait
            while (running.get() > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
        long paused = System.nanoTime() - started;
        pausedNanos.add(paused);
        return paused;
    }

    /** Background work's pauses so far, in nanoseconds. */
    public long pausedNanos() {
        return pausedNanos.sum();
    }
}
