package dev.meridian.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
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

    /**
     * Waits until the page {@code server} serves at {@code pagePath} lets the browser reach {@code peer}'s world port
     * (its Content-Security-Policy names the peer's WebSocket origin): the node has learnt of the peer from the lease
     * watch. A node whose watch could not start at once (NATS still connecting) learns of its peers a round later,
     * and a page served before then would block the redirect to them.
     */
    public static void awaitPeerInPage(TestServer server, TestServer peer, String pagePath) {
        String origin = "ws://127.0.0.1:" + peer.worldPort();
        String policy = contentSecurityPolicy(
                server.awaitGet(pagePath, page -> contentSecurityPolicy(page).contains(origin)));
        assertThat(policy, policy.contains(origin), is(true));
    }

    private static String contentSecurityPolicy(HttpResponse<String> page) {
        return page.headers().firstValue("Content-Security-Policy").orElse("");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
