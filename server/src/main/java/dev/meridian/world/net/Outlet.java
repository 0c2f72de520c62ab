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
 * leave in one flush. There is one outlet per event loop; sessions find theirs with {@link #of}.
 */
final class Outlet implements Runnable {
    private static final ConcurrentHashMap<Executor, Outlet> OUTLETS = new ConcurrentHashMap<>();

    private final Executor loop;
    private final Queue<WorldSession> ready = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private Outlet(Executor loop) {
        this.loop = loop;
    }

    static Outlet of(Executor loop) {
        return OUTLETS.computeIfAbsent(loop, Outlet::new);
    }

    /** Forgets the outlet of a loop that shut down. */
    static void release(Executor loop) {
        OUTLETS.remove(loop);
    }

    /** Any thread: {@code session} has frames (or its close) to write; the loop runs one batch for all such. */
    void schedule(WorldSession session) {
        ready.offer(session);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
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
        while (true) {
            WorldSession session;
            while ((session = ready.poll()) != null) {
                session.flushOutbox();
            }
            scheduled.set(false);
            if (ready.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
