package dev.meridian.world.engine;

/** What became of a portal crossing into a zone another node runs, which is written before the player goes there. */
public enum CrossingWrite {
    /** The new zone and position are in Postgres: the player may be sent to the zone's node. */
    WRITTEN,
    /** Not this node's to write: it no longer holds the zone the player left (a newer owner fenced it). */
    REFUSED,
    /**
     * The write failed (Postgres did not answer): the crossing is given up and the player's last position before the
     * portal is kept to write instead, so that it plays on there when it joins again.
     */
    FAILED
}
