package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

/** Registers the two ways into the world, both over the server's one port. */
public final class Transports {
    private Transports() {}

    public static void register(WebServerConfig.Builder server, Gateway gateway, AccessTokens tokens) {
        WireFormat proto = new ProtoFormat();
        WireFormat json = new JsonFormat();
        // Helidon reads a whole unfragmented frame before the session can look at it: its own ceiling (1 MiB by
        // default) is brought down so that a frame well over the session's limit is refused from its header alone
        server.addProtocol(WsConfig.builder()
                .maxFrameLength(webSocketFrameCeiling(gateway.settings().maxFrameBytes()))
                .build());
        server.addRouting(WsRouting.builder()
                .endpoint(WebSocketEndpoint.PATH, () -> new WebSocketEndpoint(gateway, tokens, proto, json)));
        server.addRouting(GrpcRouting.builder().service(GrpcEndpoint.definition(gateway, tokens, proto)));
    }

    /**
     * Twice the session's limit: a frame up to that is read (at most 8 KiB by default) and refused by the session
     * with the {@code frame_too_large} error and close 1009; a larger one is refused by Helidon, with close 1009 too
     * (reason {@code Payload too large}), without reading its payload.
     */
    static int webSocketFrameCeiling(int maxFrameBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxFrameBytes);
    }
}
