package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckTrackerTest {
    private final List<long[]> samples = new ArrayList<>();
    private final AckTracker.Sink sink = (seq, nanos) -> samples.add(new long[] {seq, nanos});

    @Test
    void eachMoveIsMeasuredToTheFirstSnapshotThatAcknowledgesIt() {
        AckTracker tracker = new AckTracker();
        tracker.sent(1, 1_000);
        tracker.sent(2, 2_000);
        tracker.sent(3, 3_000);
        tracker.acked(0, 4_000, sink);
        tracker.acked(2, 10_000, sink);
        tracker.acked(2, 20_000, sink);
        tracker.acked(3, 30_000, sink);

        assertEquals(3, samples.size());
        assertEquals(List.of(1L, 9_000L), List.of(samples.get(0)[0], samples.get(0)[1]));
        assertEquals(List.of(2L, 8_000L), List.of(samples.get(1)[0], samples.get(1)[1]));
        assertEquals(List.of(3L, 27_000L), List.of(samples.get(2)[0], samples.get(2)[1]));
        assertEquals(3, tracker.samples());
        assertEquals(0.027, tracker.maxMillis(), 1e-9);
    }

    @Test
    void anAckBeyondWhatWasSentCountsOnlyTheSentMoves() {
        AckTracker tracker = new AckTracker();
        tracker.sent(1, 0);
        tracker.acked(5, 100, sink);
        tracker.sent(2, 200);
        tracker.acked(5, 300, sink);

        assertEquals(2, samples.size());
        assertEquals(100, samples.get(1)[1]);
    }

    @Test
    void movesOfALostSessionAreNeverCounted() {
        AckTracker tracker = new AckTracker();
        tracker.sent(1, 0);
        tracker.sent(2, 0);
        tracker.restart();
        tracker.sent(3, 1_000);
        tracker.acked(3, 1_500, sink);

        assertEquals(1, samples.size());
        assertEquals(3, samples.getFirst()[0]);
        assertEquals(500, samples.getFirst()[1]);
    }

    @Test
    void onlyTheLastWindowOfMovesIsRemembered() {
        AckTracker tracker = new AckTracker();
        for (int seq = 1; seq <= AckTracker.WINDOW + 10; seq++) {
            tracker.sent(seq, seq);
        }
        tracker.acked(AckTracker.WINDOW + 10, 1_000_000, sink);

        assertEquals(AckTracker.WINDOW, samples.size());
        assertEquals(11, samples.getFirst()[0]);
    }
}
