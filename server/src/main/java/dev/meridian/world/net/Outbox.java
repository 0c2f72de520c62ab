package dev.meridian.world.net;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's bounded queue of frames towards its sender. Memory never grows with a slow client: when full, a new
 * snapshot is refused (the session then asks the engine for a full one) and a full snapshot replaces the queued
 * snapshots it supersedes. The time since it became full tells the sweeper who to disconnect.
 */
final class Outbox {
    private final int capacity;
    private final ArrayDeque<Frame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private long fullSince;
    private CloseReason closing;

    Outbox(int capacity) {
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity + 1);
    }

    record Frame(byte[] bytes, boolean snapshot) {}

    /** A snapshot; false when it was dropped (queue full or closing). A full snapshot first drops queued ones. */
    boolean offerSnapshot(byte[] bytes, boolean full) {
        lock.lock();
        try {
            if (closing != null) {
                return false;
            }
            if (full) {
                for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
                    if (it.next().snapshot()) {
                        it.remove();
                    }
                }
            }
            return add(new Frame(bytes, true));
        } finally {
            lock.unlock();
        }
    }

    /** A control frame (welcome, pong, error); false when there is no room even after dropping a snapshot. */
    boolean offer(byte[] bytes) {
        lock.lock();
        try {
            if (closing != null) {
                return false;
            }
            if (frames.size() >= capacity) {
                frames.stream().filter(Frame::snapshot).findFirst().ifPresent(frames::remove);
            }
            return add(new Frame(bytes, false));
        } finally {
            lock.unlock();
        }
    }

    /** Queues a last frame (may be null) and the close; nothing is accepted afterwards. */
    void finish(byte[] last, CloseReason reason) {
        lock.lock();
        try {
            if (closing != null) {
                return;
            }
            closing = reason;
            if (last != null) {
                if (frames.size() >= capacity) {
                    frames.removeFirst();
                }
                frames.addLast(new Frame(last, false));
            }
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued (the connection is gone). */
    void discard(CloseReason reason) {
        lock.lock();
        try {
            frames.clear();
            if (closing == null) {
                closing = reason;
            }
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next frame, waiting for one; null once the outbox is finished and empty ({@link #closing()} says why).
     */
    Frame take() throws InterruptedException {
        lock.lock();
        try {
            while (frames.isEmpty()) {
                if (closing != null) {
                    return null;
                }
                nonEmpty.await(1, TimeUnit.SECONDS);
            }
            Frame frame = frames.removeFirst();
            fullSince = 0;
            return frame;
        } finally {
            lock.unlock();
        }
    }

    CloseReason closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** Nanos since the queue was last found full and not drained since; 0 when it is not stuck. */
    long stuckNanos(long now) {
        lock.lock();
        try {
            return fullSince == 0 ? 0 : now - fullSince;
        } finally {
            lock.unlock();
        }
    }

    private boolean add(Frame frame) {
        if (frames.size() >= capacity) {
            if (fullSince == 0) {
                fullSince = System.nanoTime();
            }
            return false;
        }
        frames.addLast(frame);
        nonEmpty.signal();
        return true;
    }
}
