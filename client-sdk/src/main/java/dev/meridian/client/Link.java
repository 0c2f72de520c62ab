package dev.meridian.client;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.ServerMessage;

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

        /** The link is gone; called once. */
        void closed(Link link, CloseReason reason);
    }
}
