package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A full server (world.max-players 1): the SDK is told server_full and waits the retry-after before it tries again. */
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

    private static MeridianClient client(TestServer server, ClientResources resources, String email) {
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(email, PASSWORD).join();
        return client;
    }
}
