package dev.meridian.world.net;

/**
 * The world's paths and WebSocket subprotocols as clients name them (docs/protocol.md): the server's one copy. The
 * SDK and the {@code /play} page keep their own, and {@code WireConstantsTest} in the SDK checks that all three agree.
 */
public final class WorldPaths {
    /** {@code GET}: where the realtime world listens ({@link WorldAddresses}). */
    public static final String ADDRESSES = "/v1/world";

    /** {@code GET}: the zones of the world map, their owners, players and tick p99 ({@link WorldZones}). */
    public static final String ZONES = "/v1/world/zones";

    public static final String WEBSOCKET = "/v1/world/ws";
    public static final String PROTOBUF_SUBPROTOCOL = "meridian.v1.proto";
    public static final String JSON_SUBPROTOCOL = "meridian.v1.json";

    private WorldPaths() {}
}
