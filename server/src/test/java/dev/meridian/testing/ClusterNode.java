package dev.meridian.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of an in-process world node of a cluster (docs/architecture.md, "Zone ownership across nodes"): its
 * id, the lease bucket it shares with the other nodes, and a world port of its own that it advertises for redirects.
 */
public final class ClusterNode {
    private ClusterNode() {}

    /** For {@link TestServer#start(Map)}; {@code extra} adds or replaces keys. */
    public static Map<String, String> config(String id, String bucket, Map<String, String> extra) {
        int port = freePort();
        Map<String, String> config = new HashMap<>(Map.of(
                "world.cluster.enabled",
                "true",
                "world.cluster.bucket",
                bucket,
                "world.node-id",
                id,
                "world.host",
                "127.0.0.1",
                "world.port",
                Integer.toString(port),
                "world.advertise.websocket-url",
                "ws://127.0.0.1:" + port + "/v1/world/ws",
                "world.advertise.grpc-target",
                "127.0.0.1:" + port));
        config.putAll(extra);
        return config;
    }

    /** Waits until the node's {@code /readyz} says it runs exactly {@code zones} (comma-separated, in map order). */
    public static void awaitZones(TestServer server, String zones) {
        String owned = "\"zones\":\"" + zones + "\"";
        String body = server.awaitReadiness(text -> text.contains(owned)).body();
        assertThat(body, body.contains(owned), is(true));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
