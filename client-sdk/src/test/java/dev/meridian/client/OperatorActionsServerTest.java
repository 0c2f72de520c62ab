package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the operators do to a player (docs/api.md, "Admin"), as the SDK reports it over every transport: a broadcast
 * reaches {@link WorldListener#onNotice}; a kick or a ban closes the connection for good even with a reconnect policy.
 */
class OperatorActionsServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ADMIN = "ops@sdk.meridian.test";

    private static TestServer server;
    private static ClientResources resources;
    private static Http http;
    private static String adminToken;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("admin.accounts", ADMIN));
        resources = ClientResources.create();
        http = new Http(server);
        adminToken = client().register(ADMIN, PASSWORD).join().accessToken();
    }

    @AfterAll
    static void stop() {
        http.close();
        resources.close();
        server.close();
    }

    private static MeridianClient client() {
        return MeridianClient.builder(server.baseUrl()).resources(resources).build();
    }

    private record Player(MeridianClient client, AuthToken token, GameCharacter character) {}

    private static Player player(String name) {
        MeridianClient client = client();
        AuthToken token = client.register(name + "@sdk.meridian.test", PASSWORD).join();
        return new Player(client, token, client.createCharacter(name, "mage").join());
    }

    /** Joined, with a reconnect policy that would bring the player back after any other close. */
    private static WorldConnection joined(Player player, Transport transport, RecordingListener listener) {
        WorldConnection world = player.client()
                .connect(WorldOptions.builder(player.character().id())
                        .transport(transport)
                        .listener(listener)
                        .reconnect(new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(100), 0))
                        .pingInterval(Duration.ZERO)
                        .build());
        await(listener.welcome);
        return world;
    }

    private static void admin(String path, String json) {
        HttpResponse<String> response = http.postJson(path, json, adminToken);
        assertEquals(2, response.statusCode() / 100, response.statusCode() + " " + response.body());
    }

    /** The server ended the connection and the SDK does not come back: its first close is final. */
    private static CloseReason closedForGood(RecordingListener sees) {
        CloseReason closed = await(sees.finalClose);
        assertEquals(CloseReason.Kind.SERVER_CLOSED, closed.kind(), closed.toString());
        assertEquals(1, sees.closes.size(), "the first close is final: " + sees.closes);
        assertEquals(1, sees.welcomes.size());
        return closed;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBroadcastReachesTheListenerAsTextAndTheConnectionGoesOn(Transport transport) {
        Player player = player("Heard_" + transport.ordinal());
        RecordingListener sees = new RecordingListener();
        WorldConnection world = joined(player, transport, sees);
        String text = "<b>Restart</b> in 5 minutes (" + transport + ")";
        Instant before = Instant.now().minusSeconds(1);

        admin("/v1/admin/broadcast", "{\"text\":\"" + text + "\"}");

        WorldNotice notice = await(sees.notice);
        assertEquals(text, notice.text());
        assertTrue(notice.serverTime().isAfter(before), notice.toString());
        assertTrue(world.joined());
        assertTrue(sees.closes.isEmpty(), sees.closes.toString());
        world.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aKickedPlayerIsToldWhyAndDoesNotReconnect(Transport transport) {
        Player player = player("Kicked_" + transport.ordinal());
        RecordingListener sees = new RecordingListener();
        WorldConnection world = joined(player, transport, sees);

        admin("/v1/admin/players/" + player.character().id() + "/kick", "{\"reason\":\"afk farming\"}");

        assertEquals("kicked", closedForGood(sees).code());
        WorldError told = sees.errors.getFirst();
        assertEquals("kicked", told.code());
        assertEquals("afk farming", told.message());
        world.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBannedPlayerDoesNotReconnectAndCannotRenewItsToken(Transport transport) {
        Player player = player("Banned_" + transport.ordinal());
        RecordingListener sees = new RecordingListener();
        WorldConnection world = joined(player, transport, sees);

        admin(
                "/v1/admin/accounts/" + player.token().accountId() + "/ban",
                "{\"until\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\",\"reason\":\"cheating\"}");

        assertEquals("banned", closedForGood(sees).code());
        assertEquals("cheating", sees.errors.getFirst().message());
        // a refresh is refused as a login is: banned, with the reason, not "log in again"
        CompletionException refused = assertThrows(
                CompletionException.class, () -> player.client().refresh().join());
        MeridianApiException api = assertInstanceOf(MeridianApiException.class, refused.getCause());
        assertEquals(403, api.status());
        assertEquals("banned", api.code());
        assertTrue(api.getMessage().contains("cheating"), api.getMessage());
        world.close();
    }
}
