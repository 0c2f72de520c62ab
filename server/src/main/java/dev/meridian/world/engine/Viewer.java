package dev.meridian.world.engine;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The engine's side of a player's connection. Transports implement it; the engine never knows which one.
 * Its methods are called by the zone's tick: {@link #view} on the tick thread or one of the zone's fan-out threads
 * (one of them per viewer and tick), {@link #commandDrained} on any of them (for one viewer possibly on two at once),
 * the others on the tick thread. Every call must return at once: implementations
 * only encode and enqueue, never write to a socket.
 */
public interface Viewer {

    /** The join was applied: this player now has an entity in the zone. */
    void welcome(Welcome welcome);

    /**
     * What changed in this player's view during the tick. {@code update} is reused by the engine and valid only
     * during the call.
     */
    void view(ViewUpdate update);

    /** Another session joined with the same character and took the entity over; this viewer gets nothing more. */
    void replaced();

    /** A resume found no entity to take over (it left meanwhile): this viewer plays nothing. */
    void resumeRefused();

    /**
     * @return true once after the viewer lost a snapshot (slow consumer) and needs the whole view again
     */
    boolean takeFullRequest();

    /** One command of this viewer was taken from the zone inbox (its inbound queue has room again). */
    void commandDrained();

    /**
     * On the old zone's tick thread, at a portal crossing: the player's entity is on its way to {@code zone}, and its
     * commands go there from now on (they queue behind its arrival).
     */
    void movedTo(Zone zone);

    /** On the new zone's tick thread: the player entered it through a portal; its next snapshot is full. */
    void zoneChanged(ZoneChange change);

    /**
     * On the old zone's tick thread: the player walked through a portal into {@code zone}, which another node runs; its
     * entity left this node. Once {@code written} completes {@link CrossingWrite#WRITTEN} (the new zone and position
     * are in Postgres) the client is to be sent to that node; otherwise it is told why it cannot go on.
     */
    void crossedToAnotherNode(String zone, CompletionStage<CrossingWrite> written);

    /**
     * A portal led to a zone this node does not host and could not send the player to ({@code why}): the player stays
     * where it stood, and may try again after {@code retryAfter} (until then the portal holds it back without another
     * word).
     */
    void zoneUnavailable(String zone, PortalHold why, Duration retryAfter);
}
