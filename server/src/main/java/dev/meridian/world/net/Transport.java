package dev.meridian.world.net;

/**
 * One connection's way out, implemented by the WebSocket and gRPC adapters. Only the session's sender calls it, so a
 * connection object is never used by two threads at once; a stuck write is ended by interrupting the sender.
 */
interface Transport {

    /** Writes one frame; blocks while the client is not reading. */
    void send(byte[] frame, boolean text) throws Exception;

    /** Ends the connection (after the last frame, or after a failed write); must not throw. */
    void close(CloseReason reason);
}
