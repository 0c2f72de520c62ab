package dev.meridian.client;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.ServerMessage;
import java.time.Duration;

/**
 * One transport connection to the world (gRPC stream or WebSocket). A {@link WorldConnection} opens a new one on
 * every reconnect. Implementations never block the caller: sends are queued and written by the transport's threads.
 */
interface Link {
    /** Queues a message; thread-safe. */
    void send(ClientMessage message);

    /** Ends the connection gracefully after the queued messages (WebSocket close 1000 / gRPC half-close). */
    void close();

    /** What a link reports, in order, from one transport thread at a time. */
    interface Events {
        /** Connected: messages can be sent now. */
        void opened(Link link);

        /** A binary protobuf ServerMessage, undecoded (so a lean decoder can skip most of a snapshot). */
        void received(Link link, byte[] message);

        /** A message the transport already decoded (the JSON WebSocket), with its size on the wire. */
        void decoded(Link link, ServerMessage message, int bytes);

        /**
         * The server refused the connection for now ({@code rate_limited}: HTTP 429 at the WebSocket upgrade, gRPC
         * {@code RESOURCE_EXHAUSTED}) and said how long to wait; called just before {@link #closed}.
         */
        void toldToWait(Duration wait);

        /** The link is gone; called once. */
        void closed(Link link, CloseReason reason);
    }
}
