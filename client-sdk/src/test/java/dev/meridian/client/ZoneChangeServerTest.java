package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.TestServer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK through a portal, over every transport: the server's ZoneChanged reaches {@link WorldListener#onZoneChanged},
 * the view starts over in the new zone, and the connection goes on (moves acknowledged) without a reconnect. The test
 * server moves starter's gate to forest beside the spawn point (500, 500).
 */
class ZoneChangeServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static TestServer server;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "world.map.zones.0.portals.0.x", "503",
                "world.map.zones.0.portals.0.y", "480",
                "world.map.zones.0.portals.0.height", "40"));
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void walkingIntoAPortalChangesZoneAndTheConnectionGoesOn(Transport transport) {
        String name = "Walker_" + transport.name().charAt(transport.name().length() - 1);
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(name.toLowerCase(Locale.ROOT) + "@sdk.test", PASSWORD).join();
        GameCharacter character = client.createCharacter(name, "ranger").join();
        RecordingListener listener = new RecordingListener();
        try (WorldConnection world = client.connect(WorldOptions.builder(character.id())
                .transport(transport)
                .listener(listener)
                .pingInterval(Duration.ofMillis(200))
                .build())) {
            WorldWelcome welcome = await(listener.welcome);
            assertEquals("starter", welcome.zone());
            assertEquals(
                    new Portal("forest", 503, 480, 20, 40), welcome.portals().getFirst());
            assertEquals("starter", world.zone());

            while (!listener.zoneChange.isDone()) {
                int seq = world.move(1, 0);
                await(
                        "move " + seq + " acknowledged or a zone change",
                        () -> listener.ackSeq() >= seq || listener.zoneChange.isDone());
            }
            ZoneChange change = await(listener.zoneChange);
            assertEquals("forest", change.zone());
            assertEquals("starter", change.fromZone());
            assertEquals(40.0, change.x());
            assertEquals(400.0, change.y());
            assertEquals(800, change.zoneWidth());
            assertEquals("starter", change.portals().getFirst().toZone());
            assertEquals("forest", world.zone());

            int walkOn = world.move(0, 1);
            await("a move in the forest acknowledged", () -> listener.ackSeq() >= walkOn);
            listener.awaitView(
                    "itself in the forest, walking south",
                    view -> view.containsKey(change.entityId())
                            && view.get(change.entityId()).y() > 400);
            ConnectionStats stats = world.stats();
            assertEquals(1L, stats.zoneChanges());
            assertEquals(0L, stats.reconnects(), "the same session all along");
            assertEquals(1, listener.welcomes.size());
            assertTrue(listener.errors.isEmpty(), "errors: " + listener.errors);
            assertTrue(stats.snapshotsIn() > 0);
        }
    }
}
