package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import io.grpc.Status;
import java.net.URI;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The world transports verify tokens through the same checked verification as REST: an access token issued before a
 * password change, or one whose account was deleted, no longer opens a world session on either transport.
 */
class WorldRevokedTokenServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("world.session.idle-timeout", "PT60S"));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void anAccessTokenFromBeforeAPasswordChangeIsRefusedByBothTransports() throws Exception {
        JsonNode session = JSON.readTree(http.postJson(
                        "/v1/auth/register",
                        "{\"email\":\"world-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD + "\"}")
                .body());
        String old = session.get("access_token").asText();
        String character = JSON.readTree(http.postJson("/v1/characters", "{\"name\":\"pw_" + suffix() + "\"}", old)
                        .body())
                .get("id")
                .asText();
        try (var before = WsTestClient.connect(ws(old))) {
            before.sendText("{\"type\":\"join\",\"character_id\":\"" + character + "\"}");
            before.await(String.class, text -> text.contains("\"welcome\""));
        }

        var changed = http.postJson(
                "/v1/auth/password",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"another long passphrase\"}",
                old);
        assertThat(changed.body(), changed.statusCode(), is(200));
        String fresh = JSON.readTree(changed.body()).get("access_token").asText();

        try (var refused = WsTestClient.connect(ws(old))) {
            assertThat(refused.awaitClose(), is(4401));
            assertThat(refused.closeReason, is("unauthorized"));
        }
        try (var refused = new GrpcTestClient(server.worldPort(), old)) {
            refused.send(join(character));
            assertThat(refused.awaitEnd().getCode(), is(Status.Code.UNAUTHENTICATED));
        }
        try (var accepted = WsTestClient.connect(ws(fresh))) {
            accepted.sendText("{\"type\":\"join\",\"character_id\":\"" + character + "\"}");
            assertThat(
                    accepted.await(String.class, text -> text.contains("\"welcome\""))
                            .contains(character),
                    is(true));
        }
    }

    @Test
    void aDeletedAccountsTokenIsRefusedByBothTransports() throws Exception {
        var player = new WorldFixtures(server).player("gone_" + suffix(), 50, 50);
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var delete = connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            delete.setObject(1, player.account().value());
            assertThat(delete.executeUpdate(), is(1));
        }
        try (var refused = WsTestClient.connect(ws(player.token()))) {
            assertThat(refused.awaitClose(), is(4401));
        }
        try (var refused = new GrpcTestClient(server.worldPort(), player.token())) {
            refused.send(join(player.character().toString()));
            assertThat(refused.awaitEnd().getCode(), is(Status.Code.UNAUTHENTICATED));
        }
    }

    private static URI ws(String token) {
        return URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + token);
    }

    private static ClientMessage join(String characterId) {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId(characterId))
                .build();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
