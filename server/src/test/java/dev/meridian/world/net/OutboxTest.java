package dev.meridian.world.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The slow-consumer policy of one session's outbound queue. */
class OutboxTest {

    @Test
    void aFullQueueRefusesSnapshotsAndReportsBeingStuck() throws InterruptedException {
        Outbox outbox = new Outbox(2);
        assertTrue(outbox.offerSnapshot(new byte[] {1}, false));
        assertTrue(outbox.offerSnapshot(new byte[] {2}, false));
        assertEquals(0, outbox.stuckNanos(System.nanoTime()));
        assertFalse(outbox.offerSnapshot(new byte[] {3}, false));
        assertTrue(outbox.stuckNanos(System.nanoTime() + 1_000) > 0);
        outbox.take();
        assertEquals(0, outbox.stuckNanos(System.nanoTime()), "draining clears the stuck clock");
    }

    @Test
    void aFullSnapshotReplacesTheSnapshotsItSupersedes() throws InterruptedException {
        Outbox outbox = new Outbox(3);
        outbox.offerSnapshot(new byte[] {1}, false);
        outbox.offer(new byte[] {9});
        outbox.offerSnapshot(new byte[] {2}, false);
        assertTrue(outbox.offerSnapshot(new byte[] {3}, true));
        assertEquals(9, outbox.take().bytes()[0], "control frames are kept");
        assertEquals(3, outbox.take().bytes()[0]);
    }

    @Test
    void aControlFrameMakesRoomByDroppingASnapshot() throws InterruptedException {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(new byte[] {1}, false);
        outbox.offerSnapshot(new byte[] {2}, false);
        assertTrue(outbox.offer(new byte[] {9}));
        assertEquals(2, outbox.take().bytes()[0]);
        assertEquals(9, outbox.take().bytes()[0]);
    }

    @Test
    void finishingSendsTheLastFrameThenEnds() throws InterruptedException {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(new byte[] {1}, false);
        outbox.finish(new byte[] {7}, CloseReason.SERVER_SHUTDOWN);
        assertFalse(outbox.offerSnapshot(new byte[] {2}, false));
        assertEquals(1, outbox.take().bytes()[0]);
        assertEquals(7, outbox.take().bytes()[0]);
        assertNull(outbox.take());
        assertEquals(CloseReason.SERVER_SHUTDOWN, outbox.closing());
    }
}
