package dev.meridian.platform.shutdown;

/**
 * The fixed order of graceful shutdown. Steps registered for an earlier phase always finish (or time out) before any
 * step of a later phase starts, so e.g. the world's "flush player state" runs while the database pool is still open.
 */
public enum ShutdownPhase {
    /** Readiness turns 503 so load balancers stop sending new work. */
    STOP_ACCEPTING,
    /** Tell connected players the server is going away and stop taking their commands. */
    DRAIN_SESSIONS,
    /** Stop the zone tick loops; world state is frozen from here on. */
    STOP_ENGINES,
    /** Write what only lives in memory (player positions) to the database. */
    FLUSH_STATE,
    /** Stop the web server: in-flight requests finish within the deadline, then connections close. */
    STOP_SERVER,
    /** Publish what is still buffered for NATS. */
    DRAIN_EVENTS,
    /** Close Redis and NATS clients. */
    CLOSE_CLIENTS,
    /** Close the database pool, last, because every step above may still need it. */
    CLOSE_DATABASE
}
