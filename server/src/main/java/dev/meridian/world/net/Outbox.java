package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A session's bounded queue of frames on their way to its event loop. Producers (the tick's fan-out threads, the
 * event loop itself) offer; the event loop polls everything at its next flush. Memory never grows with a slow
 * client: when the queue is full or the transport is not writable a new snapshot is refused (the session then asks
 * the engine for a full one), and a full snapshot replaces the queued snapshots it supersedes. The time since
 * snapshots started being refused tells the sweeper who to disconnect.
 */
final class Outbox {
    private final int capacity;
    private final ArrayDeque<Frame> frames;
    private long refusingSince;
    private CloseReason closing;

    Outbox(int capacity) {
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity + 1);
    }

    record Frame(ByteBuf bytes, boolean snapshot) {}

    /**
     * A snapshot; false when it was refused (and released): queue full, transport not writable, or closing. A full
     * snapshot first drops queued ones.
     */
    synchronized boolean offerSnapshot(ByteBuf bytes, boolean full, boolean writable) {
        if (closing != null) {
            bytes.release();
            return false;
        }
        if (full) {
            for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
                Frame queued = it.next();
                if (queued.snapshot()) {
                    queued.bytes().release();
                    it.remove();
                }
            }
        }
        if (!writable || frames.size() >= capacity) {
            if (refusingSince == 0) {
                refusingSince = System.nanoTime();
            }
            bytes.release();
            return false;
        }
        refusingSince = 0;
        frames.addLast(new Frame(bytes, true));
        return true;
    }

    /** A control frame (welcome, pong, error); false when there is no room even after dropping a snapshot. */
    synchronized boolean offer(ByteBuf bytes) {
        if (closing != null) {
            bytes.release();
            return false;
        }
        if (frames.size() >= capacity) {
            for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
                Frame queued = it.next();
                if (queued.snapshot()) {
                    queued.bytes().release();
                    it.remove();
                    break;
                }
            }
        }
        if (frames.size() >= capacity) {
            bytes.release();
            return false;
        }
        frames.addLast(new Frame(bytes, false));
        return true;
    }

    /** Queues a last frame (may be null) and the close; nothing is accepted afterwards. False if already closing. */
    synchronized boolean finish(ByteBuf last, CloseReason reason) {
        if (closing != null) {
            if (last != null) {
                last.release();
            }
            return false;
        }
        closing = reason;
        if (last != null) {
            if (frames.size() >= capacity) {
                frames.removeFirst().bytes().release();
            }
            frames.addLast(new Frame(last, false));
        }
        return true;
    }

    /** Drops everything queued (the connection is gone or must go now). */
    synchronized void discard(CloseReason reason) {
        frames.forEach(frame -> frame.bytes().release());
        frames.clear();
        if (closing == null) {
            closing = reason;
        }
    }

    /** The oldest queued frame, or null. */
    synchronized Frame poll() {
        return frames.pollFirst();
    }

    /** Why the session ends, once it does; null while it is open. */
    synchronized CloseReason closing() {
        return closing;
    }

    /** Nanos since snapshots started being refused, without one accepted since; 0 when the client keeps up. */
    synchronized long stuckNanos(long now) {
        return refusingSince == 0 ? 0 : now - refusingSince;
    }
}
