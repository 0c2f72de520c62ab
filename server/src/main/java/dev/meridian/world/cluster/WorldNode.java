package dev.meridian.world.cluster;

import java.util.Objects;

/**
 * A world node as clients and other nodes see it: its id ({@code world.node-id}) and the addresses a client is
 * redirected to ({@code world.advertise.*}); stored with each lease it holds.
 */
public record WorldNode(String id, String websocketUrl, String grpcTarget) {
    public WorldNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(websocketUrl, "websocketUrl");
        Objects.requireNonNull(grpcTarget, "grpcTarget");
    }
}
