package dev.meridian.world.net;

/** One connection's way out, implemented by the WebSocket and gRPC adapters. Only the session's sender calls it. */
interface Transport {

    /** Writes one frame; blocks while the client is not reading. */
    void send(byte[] frame, boolean text) throws Exception;

    /** Ends the connection politely (after the last frame). */
    void close(CloseReason reason);

    /** Ends the connection at once, from any thread, even while {@link #send} is blocked. */
    void abort(CloseReason reason);
}
