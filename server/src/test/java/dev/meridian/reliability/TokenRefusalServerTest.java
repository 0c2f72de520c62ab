package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Tokens;
import dev.meridian.world.GrpcTestClient;
import dev.meridian.world.WorldFixtures;
import dev.meridian.world.WsTestClient;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15, "Hostile clients": every kind of bad access token is refused the documented way on REST (401
 * {@code unauthorized}), the WebSocket (close 4401 {@code unauthorized}) and gRPC ({@code UNAUTHENTICATED}). Each
 * token is wrong in exactly one way for an account that exists and owns a character, and the same token made right
 * is accepted everywhere, so each refusal is the token's doing.
 */
class TokenRefusalServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;
    private static WorldFixtures.Player player;
    private static WorldFixtures.Player deleted;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        WorldFixtures fixtures = new WorldFixtures(server);
        player = fixtures.player("token_owner", 100, 100);
        deleted = fixtures.player("token_gone", 120, 100);
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var delete = connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            delete.setObject(1, deleted.account().value());
            assertThat(delete.executeUpdate(), is(1));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badTokens() {
        String subject = player.account().toString();
        String valid = Tokens.hs256(Tokens.claims(subject));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alg none", Tokens.unsigned(Tokens.claims(subject)));
        tokens.put("wrong key", Tokens.sign(Tokens.claims(subject), AlgorithmIdentifiers.HMAC_SHA256, "x".repeat(48)));
        tokens.put(
                "HS512 with the server's key",
                Tokens.sign(Tokens.claims(subject), AlgorithmIdentifiers.HMAC_SHA512, TestServer.JWT_SECRET));
        tokens.put("expired", Tokens.hs256(Tokens.expired(subject)));
        tokens.put("not yet valid (nbf in 10 min)", Tokens.hs256(with(subject, c -> {
            c.setNotBefore(
                    NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
            return c;
        })));
        tokens.put("issued in 10 min", Tokens.hs256(with(subject, c -> {
            c.setIssuedAt(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
            return c;
        })));
        tokens.put("wrong iss", Tokens.hs256(with(subject, c -> {
            c.setIssuer("someone-else");
            return c;
        })));
        tokens.put("wrong aud", Tokens.hs256(with(subject, c -> {
            c.setAudience("another-api");
            return c;
        })));
        tokens.put(
                "tampered payload (another subject)",
                tampered(valid, deleted.account().toString(), subject));
        tokens.put("truncated signature", valid.substring(0, valid.length() - 8));
        tokens.put("truncated to header and payload", valid.substring(0, valid.lastIndexOf('.')));
        tokens.put("not a JWT", "not-a-token");
        tokens.put("subject not a UUID", Tokens.hs256(Tokens.claims("admin")));
        tokens.put(
                "deleted account", Tokens.hs256(Tokens.claims(deleted.account().toString())));
        return tokens.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void refusedOnRestAndBothWorldTransports(String kind, String token) throws Exception {
        HttpResponse<String> rest = characters(token);
        assertThat(kind + " on REST", rest.statusCode(), is(401));
        assertThat(rest.body(), containsString("\"error\":\"unauthorized\""));
        try (WsTestClient refused = WsTestClient.connect(webSocket(token))) {
            assertThat(kind + " on the WebSocket", refused.awaitClose(), is(4401));
            assertThat(refused.closeReason, is("unauthorized"));
        }
        try (GrpcTestClient refused = new GrpcTestClient(server.worldPort(), token)) {
            refused.send(join());
            assertThat(kind + " on gRPC", refused.awaitEnd().getCode(), is(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void theSameTokenMadeRightIsAcceptedEverywhere() throws Exception {
        String token = Tokens.hs256(Tokens.claims(player.account().toString()));
        assertThat(characters(token).statusCode(), is(200));
        try (WsTestClient accepted = WsTestClient.connect(webSocket(token))) {
            accepted.sendText("{\"type\":\"join\",\"character_id\":\"" + player.character() + "\"}");
            accepted.await(String.class, text -> text.contains("\"type\":\"welcome\""));
        }
        try (GrpcTestClient accepted = new GrpcTestClient(server.worldPort(), token)) {
            accepted.send(join());
            accepted.await(ServerMessage::hasWelcome);
        }
    }

    private static JwtClaims with(String subject, UnaryOperator<JwtClaims> change) {
        return change.apply(Tokens.claims(subject));
    }

    /** The valid token's payload with another subject, its signature left as it was. */
    private static String tampered(String valid, String otherSubject, String subject) {
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(subject, otherSubject);
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
                + parts[2];
    }

    private static HttpResponse<String> characters(String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri("/v1/characters"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI webSocket(String token) {
        return URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + token);
    }

    private static ClientMessage join() {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId(player.character().toString()))
                .setCid(UUID.randomUUID().hashCode())
                .build();
    }
}
