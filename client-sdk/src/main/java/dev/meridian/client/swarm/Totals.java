package dev.meridian.client.swarm;

import dev.meridian.client.ConnectionStats;

/** Traffic counters summed over the bots, so that a window's figures are the difference of two sums. */
record Totals(long messages, long snapshots, long bytes, long moves, long acked) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

    static Totals of(ConnectionStats stats) {
        return new Totals(
                stats.messagesIn(), stats.snapshotsIn(), stats.bytesIn(), stats.movesSent(), stats.movesAcked());
    }

    Totals plus(Totals other) {
        return new Totals(
                messages + other.messages,
                snapshots + other.snapshots,
                bytes + other.bytes,
                moves + other.moves,
                acked + other.acked);
    }

    Totals minus(Totals other) {
        return new Totals(
                messages - other.messages,
                snapshots - other.snapshots,
                bytes - other.bytes,
                moves - other.moves,
                acked - other.acked);
    }
}
