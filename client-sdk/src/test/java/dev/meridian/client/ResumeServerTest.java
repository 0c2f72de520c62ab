package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.CuttableProxy;
import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.TestServer;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK resumes by itself after the server's end of its connection goes (docs/protocol.md, "Resume"): the world is
 * reached through a relay that the test cuts, and the same entity goes on with its move numbers, on a fresh access
 * token from the refresh token and without logging in again.
 */
class ResumeServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static CuttableProxy proxy;
    private static TestServer server;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        AtomicReference<TestServer> started = new AtomicReference<>();
        proxy = new CuttableProxy(() -> started.get().worldPort());
        server = TestServer.start(Map.of(
                "world.advertise.websocket-url", "ws://127.0.0.1:" + proxy.port() + "/v1/world/ws",
                "world.advertise.grpc-target", "127.0.0.1:" + proxy.port(),
                // shorter than the SDK's 30 s margin: every reconnect first takes a new access token from the refresh
                // token, as after an expiry
                "auth.jwt.ttl", "PT20S",
                // every REST call refreshes too: the per-IP limit on /v1/auth is not under test here
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000"));
        started.set(server);
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.close();
        server.close();
        proxy.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCutConnectionResumesTheSameEntityWithNoLogin(Transport transport) throws SQLException {
        String name = "Resumer_" + transport.ordinal();
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(name.toLowerCase(Locale.ROOT) + "@resume.test", PASSWORD)
                .join();
        GameCharacter hero = client.createCharacter(name, "ranger").join();
        RecordingListener listener = new RecordingListener();
        WorldConnection world = client.connect(WorldOptions.builder(hero.id())
                .transport(transport)
                .listener(listener)
                .reconnect(new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 0))
                .build());
        WorldWelcome first = await(listener.welcome);
        int seq = world.move(1, 0);
        await("the move acknowledged", () -> listener.ackSeq() >= seq);
        String accessBefore = client.token().orElseThrow().accessToken();

        proxy.cutAll();

        await("a resume", () -> world.stats().resumes() == 1 && world.joined());
        assertEquals(2, listener.welcomes.size());
        assertEquals(first.entityId(), listener.welcomes.getLast().entityId(), "the same entity");
        assertTrue(listener.closes.stream().anyMatch(CloseReason::reconnecting), "closes: " + listener.closes);
        int next = world.move(1, 0);
        assertEquals(seq + 1, next, "move numbers go on");
        await("the next move acknowledged", () -> listener.ackSeq() == next);
        assertTrue(
                listener.errors.stream().noneMatch(e -> e.code().equals("resume_refused")),
                "errors: " + listener.errors);
        assertNotEquals(accessBefore, client.token().orElseThrow().accessToken(), "a fresh access token");
        assertEquals(1, families(hero), "refreshed, never logged in again (a login starts a new family)");
        world.close();
        client.close();
    }

    /** Refresh-token families of the character's account: one per login or registration. */
    private static int families(GameCharacter character) throws SQLException {
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = connection.prepareStatement("SELECT count(*) FROM refresh_families f"
                        + " JOIN characters c ON c.account_id = f.account_id WHERE c.id = ?")) {
            select.setObject(1, UUID.fromString(character.id()));
            try (var row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
