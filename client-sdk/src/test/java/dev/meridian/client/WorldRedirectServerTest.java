package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.ClusterNode;
import dev.meridian.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK with two world nodes sharing Postgres and a lease bucket: a client that connects to the node that does not
 * run its zone follows the redirect by itself and lands on the owner; when the owner stops, it hands the zone to the
 * node the client started from and redirects the client there.
 */
class WorldRedirectServerTest {
    private static final String BUCKET =
            "sdk-redirect-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestServer owner;
    private static TestServer entry;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        owner = TestServer.start(node("owner", Map.of()));
        owner.awaitReadiness(body -> body.contains("\"zones\":\"starter,"));
        entry = TestServer.start(node("entry", Map.of("db.name", owner.database())));
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() throws Exception {
        resources.close();
        entry.close();
        owner.close();
        var nats = io.nats.client.Nats.connect("nats://127.0.0.1:4222");
        try {
            nats.keyValueManagement().delete(BUCKET);
        } finally {
            nats.close();
        }
    }

    @Test
    void aClientOfTheWrongNodeIsRedirectedToTheOwnerAndToTheEntryWhenTheOwnerHandsItsZoneOver() {
        MeridianClient client =
                MeridianClient.builder(entry.baseUrl()).resources(resources).build();
        client.register("redirect@sdk.test", "correct horse battery staple").join();
        GameCharacter character = client.createCharacter("Wanderer", "ranger").join();
        RecordingListener sees = new RecordingListener();
        WorldConnection world = client.connect(WorldOptions.builder(character.id())
                .transport(Transport.WEBSOCKET)
                .listener(sees)
                .reconnect(new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(500), 0))
                .build());
        await(sees.welcome);
        assertEquals(1, world.stats().redirects(), "followed one redirect: " + world.stats());
        assertEquals(
                java.util.List.of(owner.worldPort()),
                sees.redirects.stream().map(to -> to.websocket().getPort()).toList(),
                "redirected to the owner");
        assertTrue(sees.errors.isEmpty(), "errors: " + sees.errors);

        // the owner hands its zones over as it stops: the entry takes them, and the client is sent there
        owner.meridian().stop();
        await("welcomed again, on the entry node", () -> sees.welcomes.size() == 2 && world.joined());
        assertEquals(
                java.util.List.of(owner.worldPort(), entry.worldPort()),
                sees.redirects.stream().map(to -> to.websocket().getPort()).toList(),
                "redirected to the node that took the zone");
        assertTrue(sees.errors.isEmpty(), "a redirect, not server_shutdown: " + sees.errors);
        world.close();
    }

    private static Map<String, String> node(String id, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("world.lease.ttl", "PT3S"));
        config.putAll(extra);
        return ClusterNode.config(id, BUCKET, config);
    }
}
