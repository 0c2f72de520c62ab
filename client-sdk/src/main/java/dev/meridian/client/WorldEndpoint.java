package dev.meridian.client;

import java.net.URI;

/**
 * Where a server's realtime world listens, as its {@code GET /v1/world} says: the world has a port of its own, and
 * behind a proxy its addresses are whatever the operator advertises.
 *
 * @param websocket the WebSocket URL ({@code ws://host:port/v1/world/ws}, or {@code wss://...})
 * @param grpcHost the gRPC target's host
 * @param grpcPort the gRPC target's port
 */
public record WorldEndpoint(URI websocket, String grpcHost, int grpcPort) {

    /**
     * Whether the world is behind TLS: the server advertises a {@code wss} WebSocket URL then, and the gRPC target is
     * the same TLS listener. gRPC follows it: TLS for {@code wss}, plaintext (h2c) for {@code ws}.
     */
    public boolean tls() {
        return "wss".equalsIgnoreCase(websocket.getScheme());
    }

    /** Parses a gRPC target {@code host:port} (an IPv6 host in brackets). */
    static WorldEndpoint of(String websocketUrl, String grpcTarget) {
        int colon = grpcTarget.lastIndexOf(':');
        if (colon <= 0 || colon == grpcTarget.length() - 1) {
            throw new IllegalArgumentException("gRPC target must be host:port: " + grpcTarget);
        }
        String host = grpcTarget.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new WorldEndpoint(URI.create(websocketUrl), host, Integer.parseInt(grpcTarget.substring(colon + 1)));
    }
}
