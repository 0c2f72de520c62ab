package dev.meridian.client.swarm;

/**
 * When each bot sends its moves within the move period. The choice changes the server's work: with spread phases
 * some players move in every tick, so every view changes every tick and every client gets 20 snapshots a second;
 * with aligned phases (every bot at once, 10 moves a second) views change in every other tick and a server that sends
 * nothing for a quiet view sends half the frames. Comparisons with another server use the shape of its load driver.
 */
public enum MovePhase {
    /** Each bot starts at a random point of the period and keeps it. */
    SPREAD,
    /** Every bot moves at the same instants. */
    ALIGNED
}
