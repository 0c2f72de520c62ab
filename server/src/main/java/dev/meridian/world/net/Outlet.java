package dev.meridian.world.net;

import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands sessions with frames to write to the event loop that owns their connections, in batches: the tick's fan-out
 * queues every viewer's frame and the loop is woken once for the lot, not once per frame, and each session's frames
 * leave in one flush. There is one outlet per event loop; sessions find theirs with {@link #of}. How long each batch
 * waited for its loop is what {@link LoopLag} judges the loop by.
 */
final class Outlet implements Runnable {
    private static final ConcurrentHashMap<Executor, Outlet> OUTLETS = new ConcurrentHashMap<>();

    private final Executor loop;
    private final LoopLag.Window lag;
    /** The sessions' flushes, run on the loop. */
    private final Queue<Runnable> ready = PlatformDependent.newMpscQueue();

    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** When the batch now scheduled was handed to the loop. */
    private volatile long handedAt;

    private Outlet(Executor loop, LoopLag.Window lag) {
        this.loop = loop;
        this.lag = lag;
    }

    /** The outlet of {@code loop}; its first caller's {@code lag} judges the loop (one server owns each loop). */
    static Outlet of(Executor loop, LoopLag lag) {
        return OUTLETS.computeIfAbsent(loop, owner -> new Outlet(owner, lag.window()));
    }

    /** Forgets the outlet of a loop that shut down. */
    static void release(Executor loop) {
        OUTLETS.remove(loop);
    }

    /** Any thread: a session has frames (or its close) to write; the loop runs one batch of {@code flush}es for all. */
    void schedule(Runnable flush) {
        ready.offer(flush);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            handedAt = System.nanoTime();
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down and its connections with it: nothing left to write to
                scheduled.set(false);
            }
        }
    }

    /** On the loop: flushes every ready session until none is left. */
    @Override
    public void run() {
        long now = System.nanoTime();
        lag.record(now, now - handedAt);
        while (true) {
            Runnable flush;
            while ((flush = ready.poll()) != null) {
                flush.run();
            }
            scheduled.set(false);
            if (ready.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
