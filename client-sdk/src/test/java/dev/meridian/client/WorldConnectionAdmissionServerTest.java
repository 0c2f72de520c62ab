package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.TestServer;
import dev.meridian.world.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full server (world.max-players 1): the SDK is told server_full and waits the retry-after before it tries again;
 * a connect refused as too frequent (429 at the WebSocket upgrade, RESOURCE_EXHAUSTED on gRPC) is waited out the same
 * way.
 */
class WorldConnectionAdmissionServerTest {
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void aRefusedJoinRetriesNoSoonerThanTheServersRetryAfterAndGetsInOnceASeatIsFree() throws Exception {
        try (TestServer server =
                        TestServer.start(Map.of("world.max-players", "1", "world.join.retry-after", "PT1.5S"));
                ClientResources resources = ClientResources.create()) {
            MeridianClient alice = client(server, resources, "full_alice@sdk.test");
            MeridianClient bob = client(server, resources, "full_bob@sdk.test");
            GameCharacter aliceCharacter =
                    alice.createCharacter("FullAlice", "ranger").join();
            GameCharacter bobCharacter =
                    bob.createCharacter("FullBob", "ranger").join();

            RecordingListener aliceSees = new RecordingListener();
            WorldConnection aliceWorld = alice.connect(WorldOptions.builder(aliceCharacter.id())
                    .transport(Transport.WEBSOCKET)
                    .listener(aliceSees)
                    .build());
            await(aliceSees.welcome);

            RecordingListener bobSees = new RecordingListener();
            WorldConnection bobWorld = bob.connect(WorldOptions.builder(bobCharacter.id())
                    .transport(Transport.GRPC)
                    .listener(bobSees)
                    // without the server's retry-after this policy would try again within 50-100 ms
                    .reconnect(new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(100), 0))
                    .build());
            await("server_full", () -> !bobSees.errors.isEmpty());
            long refused = System.nanoTime();
            WorldError error = bobSees.errors.getFirst();
            assertEquals("server_full", error.code());
            assertEquals(Duration.ofMillis(1500), error.retryAfter());
            await("bob's connection closed, reconnecting", () -> !bobSees.closes.isEmpty());
            assertTrue(bobSees.closes.getFirst().reconnecting(), bobSees.closes.toString());

            aliceWorld.close();
            await(bobSees.welcome);
            long waitedMs = (System.nanoTime() - refused) / 1_000_000;
            assertTrue(waitedMs >= 1400, "retried after " + waitedMs + " ms");
            assertEquals(1, bobSees.errors.size(), "one refusal: the retry came after the seat was free");
            bobWorld.close();
        }
    }

    @Test
    void connectsRefusedAsTooFrequentOnBothTransportsAreRetriedNoSoonerThanTheServerSays() throws Exception {
        // one connect per IP at once, then one every 5 s
        try (TestServer server = TestServer.start(
                        Map.of("world.connect-limit.ip.capacity", "1", "world.connect-limit.ip.per-minute", "12"));
                ClientResources resources = ClientResources.create()) {
            List<MeridianClient> clients = List.of(
                    client(server, resources, "limit_ben@sdk.test"), client(server, resources, "limit_cai@sdk.test"));
            List<GameCharacter> characters = List.of(
                    clients.get(0).createCharacter("LimitBen", "ranger").join(),
                    clients.get(1).createCharacter("LimitCai", "ranger").join());
            List<Transport> transports = List.of(Transport.GRPC, Transport.WEBSOCKET);
            for (int i = 0; i < transports.size(); i++) {
                Transport transport = transports.get(i);
                takeTheLastConnect(server);
                RecordingListener sees = new RecordingListener();
                WorldConnection world = connect(clients.get(i), characters.get(i), transport, sees);
                await(transport + " refused", () -> !sees.closes.isEmpty());
                long refused = System.nanoTime();
                assertEquals("rate_limited", sees.closes.getFirst().code(), sees.closes.toString());
                assertTrue(sees.closes.getFirst().reconnecting(), sees.closes.toString());
                await(sees.welcome);
                long waitedMs = (System.nanoTime() - refused) / 1_000_000;
                // told to wait up to 5 s (gRPC in ms, WebSocket in whole seconds): the SDK never comes back sooner
                assertTrue(waitedMs >= 1000, transport + " retried after " + waitedMs + " ms");
                world.close();
            }
        }
    }

    /** Another client of this address connects (or is refused): the SDK's connect right after it finds none left. */
    private static void takeTheLastConnect(TestServer server) {
        try {
            RawWebSocket.open(server.worldPort(), "any-token", 0).close(); // connected: the bucket is empty now
        } catch (IOException refused) {
            // refused 429: it was empty already
        }
    }

    private static WorldConnection connect(
            MeridianClient client, GameCharacter character, Transport transport, RecordingListener listener) {
        return client.connect(WorldOptions.builder(character.id())
                .transport(transport)
                .listener(listener)
                // without the server's retry-after this policy would try again within 50-100 ms
                .reconnect(new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(100), 0))
                .build());
    }

    private static MeridianClient client(TestServer server, ClientResources resources, String email) {
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(email, PASSWORD).join();
        return client;
    }
}
