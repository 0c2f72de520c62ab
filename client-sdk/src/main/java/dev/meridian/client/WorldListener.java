package dev.meridian.client;

/**
 * Receives what happens on a {@link WorldConnection}. Every method has an empty default, so implement only what you
 * need.
 *
 * <p>Callbacks of one connection never run concurrently and arrive in order, on an SDK I/O thread (see
 * {@link ClientResources}): keep them short and never block in them, or every connection sharing the thread stalls.
 */
public interface WorldListener {
    /** Joined: the server accepted the character (again, after a reconnect). */
    default void onWelcome(WorldWelcome welcome) {}

    /**
     * The player walked through a portal into another zone; the next snapshot is the whole view there. The session
     * goes on (same connection, same move numbering); only the server ever changes a player's zone.
     */
    default void onZoneChanged(ZoneChange change) {}

    /**
     * A snapshot arrived and was applied: {@code view} is the whole view now. The view is live and valid only during
     * the call; use {@link WorldView#entities()} to keep a copy.
     */
    default void onSnapshot(WorldView view) {}

    /** The server reported an error; the connection may stay open (e.g. {@code rate_limited}) or close next. */
    default void onError(WorldError error) {}

    /** The operators sent a notice (a broadcast); the connection goes on. */
    default void onNotice(WorldNotice notice) {}

    /** The connection closed; {@link CloseReason#reconnecting()} tells whether it will come back by itself. */
    default void onClose(CloseReason reason) {}

    /** Move {@code seq} was acknowledged {@code latencyNanos} after it was sent (first snapshot with ack ≥ seq). */
    default void onInputAck(int seq, long latencyNanos) {}

    /**
     * The server does not run the character's zone: the connection now follows the redirect to {@code to}, the node
     * that does (same token, same character).
     */
    default void onRedirect(String zone, WorldEndpoint to) {}

    /** A pong came back {@code rttNanos} after its ping. */
    default void onPong(long rttNanos) {}
}
