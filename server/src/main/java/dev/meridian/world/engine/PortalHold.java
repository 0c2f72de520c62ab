package dev.meridian.world.engine;

/** Why a portal held a player back where it stood rather than taking it to the zone it leads to. */
public enum PortalHold {
    /** No node runs the zone right now (or, on a single node, this node does not host it). */
    ZONE_NOT_RUN,
    /**
     * Another node runs it, but the crossing could not be written first: this node's position writes are failing
     * (Postgres does not answer), and a player sent on without the write would find itself back at its old position.
     */
    CROSSING_NOT_SAVED
}
