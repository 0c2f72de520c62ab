package dev.meridian.world.engine;

/**
 * The engine's side of a player's connection. Transports implement it; the engine never knows which one.
 * Every method is called on the zone's tick thread and must return at once: implementations only encode and
 * enqueue, never write to a socket.
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
}
