package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The world half of the SDK against the real server, over every transport. */
class WorldConnectionServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static TestServer server;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.close();
        server.close();
    }

    /** A logged-in client with one character named {@code name}. */
    private record Player(MeridianClient client, GameCharacter character) {}

    private static Player player(String name) {
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(name.toLowerCase(Locale.ROOT) + "@sdk.test", PASSWORD).join();
        return new Player(client, client.createCharacter(name, "ranger").join());
    }

    private static WorldConnection join(Player player, Transport transport, RecordingListener listener) {
        return player.client()
                .connect(WorldOptions.builder(player.character().id())
                        .transport(transport)
                        .listener(listener)
                        .pingInterval(Duration.ofMillis(200))
                        .build());
    }

    private static String suffix(Transport transport) {
        return switch (transport) {
            case GRPC -> "g";
            case WEBSOCKET -> "w";
            case WEBSOCKET_JSON -> "j";
        };
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void joinMoveSeeAnotherPlayerAndClose(Transport transport) {
        Player alice = player("Alice_" + suffix(transport));
        Player bob = player("Bob_" + suffix(transport));
        RecordingListener aliceSees = new RecordingListener();
        RecordingListener bobSees = new RecordingListener();
        WorldConnection aliceWorld = join(alice, transport, aliceSees);
        WorldConnection bobWorld = join(bob, transport, bobSees);

        WorldWelcome welcome = await(aliceSees.welcome);
        assertEquals(alice.character().id(), welcome.characterId());
        assertTrue(welcome.tickRate() > 0);
        assertTrue(welcome.zoneWidth() > 0 && welcome.zoneHeight() > 0);
        assertEquals(alice.character().x(), welcome.x(), 0.01, "joins where the character was saved");
        await(bobSees.welcome);
        assertTrue(aliceWorld.joined());

        // both spawn at the same point, so each sees the other by name
        int aliceId = welcome.entityId();
        Map<Integer, EntityView> bobsView = bobSees.awaitView("Alice in Bob's view", view -> view.containsKey(aliceId));
        assertEquals(alice.character().name(), bobsView.get(aliceId).name());
        double startX = bobsView.get(aliceId).x();

        int lastSeq = 0;
        for (int i = 0; i < 10; i++) {
            lastSeq = aliceWorld.move(1, 0);
        }
        assertEquals(10, lastSeq, "moves are numbered from 1");
        int acknowledged = lastSeq;
        await("the last move acknowledged", () -> aliceSees.ackSeq() >= acknowledged);
        bobSees.awaitView(
                "Alice walking east",
                view -> view.containsKey(aliceId) && view.get(aliceId).x() > startX);
        aliceSees.awaitView(
                "Alice's own view agreeing with Bob's",
                view -> view.containsKey(aliceId)
                        && Math.abs(view.get(aliceId).x()
                                        - bobSees.view().get(aliceId).x())
                                < 1e-9);

        ConnectionStats stats = aliceWorld.stats();
        assertEquals(10, stats.movesSent());
        assertTrue(stats.movesAcked() > 0, "input→ack latency measured: " + stats);
        assertTrue(stats.snapshotsIn() > 0 && stats.bytesIn() > 0);
        assertTrue(await(aliceSees.firstPong) > 0, "ping round trip measured");

        aliceWorld.close();
        CloseReason closed = await(aliceSees.finalClose);
        assertEquals(CloseReason.Kind.CLIENT_CLOSED, closed.kind());
        assertFalse(aliceWorld.joined());
        assertEquals(0, aliceWorld.move(1, 0), "no moves after close");
        bobSees.awaitView("Alice gone from Bob's view", view -> !view.containsKey(aliceId));
        assertTrue(aliceSees.errors.isEmpty(), "errors: " + aliceSees.errors);

        bobWorld.close();
        await(bobSees.finalClose);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondSessionOfTheSameCharacterReplacesTheFirstWhichDoesNotComeBack(Transport transport) {
        Player carol = player("Carol_" + suffix(transport));
        RecordingListener first = new RecordingListener();
        WorldConnection firstWorld = carol.client()
                .connect(WorldOptions.builder(carol.character().id())
                        .transport(transport)
                        .listener(first)
                        .reconnect(ReconnectPolicy.backoff())
                        .build());
        await(first.welcome);

        RecordingListener second = new RecordingListener();
        WorldConnection secondWorld = join(carol, transport, second);
        await(second.welcome);

        CloseReason replaced = await(first.finalClose);
        assertEquals(CloseReason.Kind.SERVER_CLOSED, replaced.kind());
        assertEquals("session_replaced", replaced.code());
        assertFalse(firstWorld.joined());
        assertTrue(secondWorld.joined());
        secondWorld.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRefusedTokenClosesWithAuthFailedAndNoRetry(Transport transport) {
        try (MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build()) {
            client.useToken(new AuthToken("nobody", "not-a-jwt", Instant.now().plusSeconds(600)));
            RecordingListener listener = new RecordingListener();
            client.connect(WorldOptions.builder("00000000-0000-0000-0000-000000000000")
                    .transport(transport)
                    .listener(listener)
                    // without credentials to log in again, retrying cannot help: the first close is final
                    .reconnect(ReconnectPolicy.backoff())
                    .build());
            assertEquals(
                    CloseReason.Kind.AUTH_FAILED, await(listener.finalClose).kind());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reconnectsAfterTheServerEndsTheSession(Transport transport) {
        Player dave = player("Dave_" + suffix(transport));
        RecordingListener listener = new RecordingListener();
        WorldConnection world = dave.client()
                .connect(WorldOptions.builder(dave.character().id())
                        .transport(transport)
                        .listener(listener)
                        .reconnect(new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 0))
                        .build());
        await(listener.welcome);

        // flooding past the per-session message budget makes the server close the session (rate_limited)
        for (int i = 0; i < 500; i++) {
            world.ping();
        }
        await("a disconnect followed by a re-join", () -> world.stats().reconnects() >= 1 && world.joined());
        assertTrue(listener.closes.stream().anyMatch(CloseReason::reconnecting), "closes: " + listener.closes);
        world.close();
    }
}
