package dev.meridian.world.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slow-consumer policy of one session's outbound queue, and that every refused buffer is released. */
class OutboxTest {
    private final List<ByteBuf> made = new ArrayList<>();

    private ByteBuf frame(int marker) {
        ByteBuf buffer = Unpooled.buffer(1).writeByte(marker);
        made.add(buffer);
        return buffer;
    }

    private static int marker(Outbox.Frame frame) {
        int marker = frame.bytes().getByte(0);
        frame.bytes().release();
        return marker;
    }

    @AfterEach
    void nothingLeaks() {
        made.forEach(buffer -> assertEquals(0, buffer.refCnt(), "a frame was neither handed out nor released"));
    }

    @Test
    void aFullQueueRefusesSnapshotsAndReportsBeingStuck() {
        Outbox outbox = new Outbox(2);
        assertTrue(outbox.offerSnapshot(frame(1), false, true));
        assertTrue(outbox.offerSnapshot(frame(2), false, true));
        assertEquals(0, outbox.stuckNanos(System.nanoTime()));
        assertFalse(outbox.offerSnapshot(frame(3), false, true));
        assertTrue(outbox.stuckNanos(System.nanoTime() + 1_000) > 0);
        marker(outbox.poll());
        marker(outbox.poll());
        assertTrue(outbox.offerSnapshot(frame(4), false, true));
        assertEquals(0, outbox.stuckNanos(System.nanoTime()), "an accepted snapshot clears the stuck clock");
        marker(outbox.poll());
    }

    @Test
    void anUnwritableTransportRefusesSnapshotsButNotControlFrames() {
        Outbox outbox = new Outbox(4);
        assertFalse(outbox.offerSnapshot(frame(1), false, false));
        assertTrue(outbox.stuckNanos(System.nanoTime() + 1_000) > 0);
        assertTrue(outbox.offer(frame(9)));
        assertEquals(9, marker(outbox.poll()));
        assertNull(outbox.poll());
    }

    @Test
    void aFullSnapshotReplacesTheSnapshotsItSupersedes() {
        Outbox outbox = new Outbox(3);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offer(frame(9));
        outbox.offerSnapshot(frame(2), false, true);
        assertTrue(outbox.offerSnapshot(frame(3), true, true));
        assertEquals(9, marker(outbox.poll()), "control frames are kept");
        assertEquals(3, marker(outbox.poll()));
        assertNull(outbox.poll());
    }

    @Test
    void aControlFrameMakesRoomByDroppingASnapshot() {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offerSnapshot(frame(2), false, true);
        assertTrue(outbox.offer(frame(9)));
        assertEquals(2, marker(outbox.poll()));
        assertEquals(9, marker(outbox.poll()));
    }

    @Test
    void finishingSendsTheLastFrameThenEnds() {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(frame(1), false, true);
        assertTrue(outbox.finish(frame(7), CloseReason.SERVER_SHUTDOWN));
        assertFalse(outbox.offerSnapshot(frame(2), false, true));
        assertFalse(outbox.finish(frame(8), CloseReason.LEFT), "only the first close counts");
        assertEquals(1, marker(outbox.poll()));
        assertEquals(7, marker(outbox.poll()));
        assertNull(outbox.poll());
        assertEquals(CloseReason.SERVER_SHUTDOWN, outbox.closing());
    }

    @Test
    void discardingReleasesEverythingQueued() {
        Outbox outbox = new Outbox(4);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offer(frame(2));
        outbox.discard(CloseReason.CLIENT_CLOSED);
        assertNull(outbox.poll());
        assertEquals(CloseReason.CLIENT_CLOSED, outbox.closing());
    }
}
