package dev.meridian.client;

/**
 * The world's paths and WebSocket subprotocols (docs/protocol.md): the SDK's one copy, checked against the server's
 * by {@code WireConstantsTest}.
 */
final class WorldPaths {
    /** {@code GET}: where the realtime world listens. */
    static final String ADDRESSES = "/v1/world";

    static final String PROTOBUF_SUBPROTOCOL = "meridian.v1.proto";
    static final String JSON_SUBPROTOCOL = "meridian.v1.json";

    private WorldPaths() {}
}
