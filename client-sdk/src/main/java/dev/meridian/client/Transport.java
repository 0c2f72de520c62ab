package dev.meridian.client;

/** How a {@link WorldConnection} reaches the world; the API and the view are the same over each. */
public enum Transport {
    /** gRPC bidirectional stream {@code meridian.world.v1.World/Connect} over plaintext HTTP/2. */
    GRPC,
    /** WebSocket {@code /v1/world/ws}, binary protobuf frames (subprotocol {@code meridian.v1.proto}). */
    WEBSOCKET,
    /** WebSocket {@code /v1/world/ws}, JSON text frames (subprotocol {@code meridian.v1.json}); readable, larger. */
    WEBSOCKET_JSON
}
