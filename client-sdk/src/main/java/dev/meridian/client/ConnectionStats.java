package dev.meridian.client;

/**
 * Counters of one world connection since it was opened (across reconnects).
 *
 * @param movesSent Move messages sent
 * @param movesAcked moves whose input→ack latency was measured
 * @param inputAckMeanMillis mean time from sending Move seq N to the first snapshot with ack_seq ≥ N
 * @param inputAckMaxMillis the largest such time
 * @param rttLastMillis the latest ping→pong round trip, 0 before the first pong
 * @param messagesIn server messages received
 * @param snapshotsIn snapshots received
 * @param bytesIn payload bytes received (protobuf or JSON message bytes, without transport framing)
 * @param reconnects welcomes after a lost connection (resumed or joined anew)
 * @param resumes those of the reconnects that took the same entity back with the resume token
 * @param redirects redirects followed to the world node that runs the character's zone
 * @param zoneChanges portals walked through
 */
public record ConnectionStats(
        long movesSent,
        long movesAcked,
        double inputAckMeanMillis,
        double inputAckMaxMillis,
        double rttLastMillis,
        long messagesIn,
        long snapshotsIn,
        long bytesIn,
        long reconnects,
        long resumes,
        long redirects,
        long zoneChanges) {}
