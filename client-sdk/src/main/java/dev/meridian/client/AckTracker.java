package dev.meridian.client;

/**
 * Input→ack latency: the time from sending Move seq N to the first snapshot whose ack_seq is at least N. Each move
 * gets one sample; the send times of the last {@value #WINDOW} moves are kept, older unacknowledged ones are
 * forgotten (at 10 moves/s that is 25 s of silence).
 *
 * <p>Thread-safe: moves are sent from any thread, snapshots arrive on an I/O thread.
 */
final class AckTracker {
    /** Receives one latency sample. */
    interface Sink {
        void acked(int seq, long latencyNanos);
    }

    static final int WINDOW = 256;

    private final long[] sentAt = new long[WINDOW];
    private final int[] seqs = new int[WINDOW];
    private int lastSent;
    private int lastAcked;
    private long samples;
    private long totalNanos;
    private long maxNanos;

    synchronized void sent(int seq, long nanoTime) {
        sentAt[seq & (WINDOW - 1)] = nanoTime;
        seqs[seq & (WINDOW - 1)] = seq;
        lastSent = Math.max(lastSent, seq);
    }

    /** A snapshot acknowledged everything up to {@code ackSeq}; reports a sample for each newly acknowledged move. */
    synchronized void acked(long ackSeq, long nanoTime, Sink sink) {
        int acked = (int) Math.min(ackSeq, lastSent);
        int from = Math.max(lastAcked + 1, acked - WINDOW + 1);
        for (int seq = from; seq <= acked; seq++) {
            int slot = seq & (WINDOW - 1);
            if (seqs[slot] == seq) {
                long latency = nanoTime - sentAt[slot];
                samples++;
                totalNanos += latency;
                maxNanos = Math.max(maxNanos, latency);
                seqs[slot] = 0;
                sink.acked(seq, latency);
            }
        }
        lastAcked = Math.max(lastAcked, acked);
    }

    /**
     * A new session starts (reconnect): moves sent on the old one will never be acknowledged, and the new session's
     * acks count from the next move on.
     */
    synchronized void restart() {
        lastAcked = lastSent;
    }

    synchronized long samples() {
        return samples;
    }

    synchronized double meanMillis() {
        return samples == 0 ? 0 : totalNanos / 1e6 / samples;
    }

    synchronized double maxMillis() {
        return maxNanos / 1e6;
    }
}
