package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

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
        made.forEach(buffer -> assertThat("a frame was neither handed out nor released", buffer.refCnt(), is(0)));
    }

    @Test
    void aFullQueueRefusesSnapshotsAndReportsBeingStuck() {
        Outbox outbox = new Outbox(2);
        assertThat(outbox.offerSnapshot(frame(1), false, true), is(true));
        assertThat(outbox.offerSnapshot(frame(2), false, true), is(true));
        assertThat(outbox.stuckNanos(System.nanoTime()), is(0L));
        assertThat(outbox.offerSnapshot(frame(3), false, true), is(false));
        assertThat(outbox.stuckNanos(System.nanoTime() + 1_000) > 0, is(true));
        marker(outbox.poll());
        marker(outbox.poll());
        assertThat(outbox.offerSnapshot(frame(4), false, true), is(true));
        assertThat("an accepted snapshot clears the stuck clock", outbox.stuckNanos(System.nanoTime()), is(0L));
        marker(outbox.poll());
    }

    @Test
    void anUnwritableTransportRefusesSnapshotsButNotControlFrames() {
        Outbox outbox = new Outbox(4);
        assertThat(outbox.offerSnapshot(frame(1), false, false), is(false));
        assertThat(outbox.stuckNanos(System.nanoTime() + 1_000) > 0, is(true));
        assertThat(outbox.offer(frame(9)), is(true));
        assertThat(marker(outbox.poll()), is(9));
        assertThat(outbox.poll(), nullValue());
    }

    @Test
    void aFullSnapshotReplacesTheSnapshotsItSupersedes() {
        Outbox outbox = new Outbox(3);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offer(frame(9));
        outbox.offerSnapshot(frame(2), false, true);
        assertThat(outbox.offerSnapshot(frame(3), true, true), is(true));
        assertThat("control frames are kept", marker(outbox.poll()), is(9));
        assertThat(marker(outbox.poll()), is(3));
        assertThat(outbox.poll(), nullValue());
    }

    @Test
    void aControlFrameMakesRoomByDroppingASnapshot() {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offerSnapshot(frame(2), false, true);
        assertThat(outbox.offer(frame(9)), is(true));
        assertThat(marker(outbox.poll()), is(2));
        assertThat(marker(outbox.poll()), is(9));
    }

    @Test
    void finishingSendsTheLastFrameThenEnds() {
        Outbox outbox = new Outbox(2);
        outbox.offerSnapshot(frame(1), false, true);
        assertThat(outbox.finish(frame(7), CloseReason.SERVER_SHUTDOWN), is(true));
        assertThat(outbox.offerSnapshot(frame(2), false, true), is(false));
        assertThat("only the first close counts", outbox.finish(frame(8), CloseReason.LEFT), is(false));
        assertThat(marker(outbox.poll()), is(1));
        assertThat(marker(outbox.poll()), is(7));
        assertThat(outbox.poll(), nullValue());
        assertThat(outbox.closing(), is(CloseReason.SERVER_SHUTDOWN));
    }

    @Test
    void discardingReleasesEverythingQueued() {
        Outbox outbox = new Outbox(4);
        outbox.offerSnapshot(frame(1), false, true);
        outbox.offer(frame(2));
        outbox.discard(CloseReason.CLIENT_CLOSED);
        assertThat(outbox.poll(), nullValue());
        assertThat(outbox.closing(), is(CloseReason.CLIENT_CLOSED));
    }
}
