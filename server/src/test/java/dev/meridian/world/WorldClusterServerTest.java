package dev.meridian.world;

import static dev.meridian.testing.ClusterNode.awaitZones;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.ClusterNode;
import dev.meridian.testing.LogRecords;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Threads;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two world nodes in one JVM sharing Postgres and a lease bucket in NATS JetStream: the first takes the zone, a join
 * through the second is redirected to it, and when the first stops gracefully the second takes the zone at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorldClusterServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shipped map's zones, in its order: one node takes them all. */
    private static final String ALL_ZONES = "starter,forest,harbor,caves";

    private static final String BUCKET =
            "cluster-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestServer owner;
    private static TestServer other;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        owner = TestServer.start(node("owner", Map.of()));
        awaitZones(owner, ALL_ZONES);
        other = TestServer.start(node("other", Map.of("db.name", owner.database())));
        fixtures = new WorldFixtures(owner);
    }

    @AfterAll
    static void stop() throws Exception {
        other.close();
        owner.close();
        deleteBucket(BUCKET);
        // a stopped node's lease rounds end with it
        assertThat(Threads.named("zone-leases-"), is(empty()));
    }

    private static void deleteBucket(String bucket) {
        try {
            var nats = io.nats.client.Nats.connect("nats://127.0.0.1:4222");
            try {
                nats.keyValueManagement().delete(bucket);
            } finally {
                nats.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete bucket " + bucket, e);
        }
    }

    @Test
    @Order(1)
    void readinessSaysEachNodeIsInAClusterAndWhichZonesItOwns() throws IOException {
        JsonNode world =
                JSON.readTree(owner.get("/readyz").body()).path("checks").path("world");
        assertThat(world.path("status").asText(), is("UP"));
        assertThat(world.path("details").path("mode").asText(), is("cluster"));
        assertThat(world.path("details").path("node").asText(), is("owner"));
        assertThat(world.path("details").path("zones").asText(), is(ALL_ZONES));
        JsonNode idle =
                JSON.readTree(other.get("/readyz").body()).path("checks").path("world");
        assertThat(idle.path("details").path("zones").asText(), is(""));
    }

    @Test
    @Order(2)
    void aJoinThroughANodeThatDoesNotRunTheZoneIsRedirectedToTheOwner() throws IOException {
        var player = fixtures.player("redirected", 100, 100);
        try (var client = WsTestClient.connect(ws(other, player.token()))) {
            client.sendText(join(player.character()));
            JsonNode redirect = JSON.readTree(client.await(String.class, type("redirect")));
            assertThat(redirect.path("zone").asText(), is("starter"));
            assertThat(redirect.path("websocket_url").asText(), is(websocketUrl(owner)));
            assertThat(redirect.path("grpc_target").asText(), is("127.0.0.1:" + owner.worldPort()));
            assertThat(client.awaitClose(), is(4307));
        }
        try (var client = WsTestClient.connect(ws(owner, player.token()))) {
            client.sendText(join(player.character()));
            client.await(String.class, type("welcome"));
        }
    }

    /**
     * One live session per character across nodes: every join of a character is routed to the one node that runs its
     * zone, which replaces the older session there.
     */
    @Test
    @Order(3)
    void aJoinThroughAnotherNodeReplacesTheCharactersLiveSession() throws IOException {
        var player = fixtures.player("twice", 150, 150);
        try (var first = WsTestClient.connect(ws(owner, player.token()));
                var second = WsTestClient.connect(ws(other, player.token()))) {
            first.sendText(join(player.character()));
            first.await(String.class, type("welcome"));
            second.sendText(join(player.character()));
            JsonNode redirect = JSON.readTree(second.await(String.class, type("redirect")));
            try (var followed = WsTestClient.connect(
                    URI.create(redirect.path("websocket_url").asText() + "?token=" + player.token()))) {
                followed.sendText(join(player.character()));
                followed.await(String.class, type("welcome"));
                JsonNode replaced = JSON.readTree(first.await(String.class, type("error")));
                assertThat(replaced.path("code").asText(), is("session_replaced"));
                assertThat(first.awaitClose(), is(4409));
            }
        }
    }

    @Test
    @Order(4)
    void aZoneThatNoNodeRunsAnswersZoneUnavailableWithARetryAfterAndKeepsTheSession() throws IOException {
        var player = fixtures.player("unhosted", 300, 300);
        try (var router = TestServer.start(node(
                        "router",
                        Map.of(
                                "db.name",
                                owner.database(),
                                "world.cluster.bucket",
                                BUCKET + "-empty",
                                "world.zones.max",
                                "0")));
                var client = WsTestClient.connect(ws(router, player.token()))) {
            client.sendText(join(player.character()));
            JsonNode error = JSON.readTree(client.await(String.class, type("error")));
            assertThat(error.path("code").asText(), is("zone_unavailable"));
            assertThat(error.path("retry_after_ms").asLong(), is(10_000L));
            client.sendText("{\"type\":\"ping\",\"client_time\":1}");
            client.await(String.class, type("pong"));
        } finally {
            deleteBucket(BUCKET + "-empty");
        }
    }

    @Test
    @Order(5)
    void aNodeThatStopsGracefullyHandsItsZoneToAnotherWithoutWaitingForTheTtl() {
        var player = fixtures.player("handed_over", 200, 200);
        try (LogRecords logs = LogRecords.capture(Level.INFO)) {
            owner.meridian().stop();
            awaitZones(other, ALL_ZONES);
            // each lease was written over the owner's release, a marker the bucket keeps for a TTL only: taken at
            // once, not once the lease ran out (which leaves nothing to write over)
            List<String> taken = awaitMessages(logs, "event=zone_acquired", 4);
            assertThat(taken.toString(), taken.size(), is(4));
            for (String acquired : taken) {
                assertThat(acquired, acquired.contains(" node=other over_release="), is(true));
                assertThat(acquired, acquired.contains("over_release=none"), is(false));
            }
        }
        try (var client = WsTestClient.connect(ws(other, player.token()))) {
            client.sendText(join(player.character()));
            client.await(String.class, type("welcome"));
        }
    }

    /** The zone starts ticking before its acquisition is logged: waits (up to 10 s) for {@code count} lines. */
    private static List<String> awaitMessages(LogRecords logs, String fragment, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logs.messages(fragment).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return logs.messages(fragment);
    }

    /** A long TTL: a takeover faster than it can only come from the release. */
    private static Map<String, String> node(String id, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("world.lease.ttl", "PT10S"));
        config.putAll(extra);
        return ClusterNode.config(id, BUCKET, config);
    }

    private static String websocketUrl(TestServer server) {
        return "ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws";
    }

    private static URI ws(TestServer server, String token) {
        return URI.create(websocketUrl(server) + "?token=" + token);
    }

    private static String join(UUID character) {
        return "{\"type\":\"join\",\"character_id\":\"" + character + "\"}";
    }

    private static Predicate<String> type(String type) {
        return text -> {
            try {
                return type.equals(JSON.readTree(text).path("type").asText());
            } catch (IOException e) {
                throw new AssertionError(text, e);
            }
        };
    }
}
