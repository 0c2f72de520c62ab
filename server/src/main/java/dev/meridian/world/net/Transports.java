package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.websocket.WsRouting;

/** Registers the two ways into the world, both over the server's one port. */
public final class Transports {
    private Transports() {}

    public static void register(WebServerConfig.Builder server, Gateway gateway, AccessTokens tokens) {
        WireFormat proto = new ProtoFormat();
        WireFormat json = new JsonFormat();
        server.addRouting(WsRouting.builder()
                .endpoint(WebSocketEndpoint.PATH, () -> new WebSocketEndpoint(gateway, tokens, proto, json)));
        server.addRouting(GrpcRouting.builder().service(GrpcEndpoint.definition(gateway, tokens, proto)));
    }
}
