package dev.meridian.world;

import static dev.meridian.world.WsTestClient.json;
import static dev.meridian.world.WsTestClient.parse;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.testing.TestServer;
import io.grpc.Status;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real clients over real sockets: java.net.http WebSocket (JSON and binary) and grpc-java. */
class WorldServerTest {
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("world.session.idle-timeout", "PT60S"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jsonClientJoinsMovesAndSeesAnotherPlayerArrive() {
        var alice = fixtures.player("json_alice", 100, 100);
        var bob = fixtures.player("json_bob", 110, 100);
        try (var a = WsTestClient.connect(fixtures.ws(alice.token()));
                var b = WsTestClient.connect(fixtures.ws(bob.token()), "meridian.v1.json")) {
            assertThat(b.subprotocol(), is("meridian.v1.json"));
            a.sendText("{\"type\":\"join\",\"character_id\":\"" + alice.character() + "\"}");
            JsonNode welcome = a.awaitJson("welcome");
            assertThat(
                    welcome.get("character_id").asText(), is(alice.character().toString()));
            assertThat(welcome.get("x").asDouble(), is(100.0));
            a.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":17}");
            JsonNode moved =
                    json(a.await(String.class, text -> json(text).path("ack").asLong() == 17));
            assertThat(moved.get("type").asText(), is("snapshot"));
            assertThat(moved.get("entities").get(0).get("x").asDouble() > 100.0, is(true));

            b.sendText("{\"type\":\"join\",\"character_id\":\"" + bob.character() + "\"}");
            b.awaitJson("welcome");
            a.await(String.class, text -> text.contains("\"name\":\"json_bob\""));
            a.sendText("{\"type\":\"ping\",\"client_time\":12.5}");
            assertThat(a.awaitJson("pong").get("client_time").asDouble(), is(12.5));
        }
    }

    @Test
    void binaryClientRebuildsItsViewFromDeltaSnapshots() {
        var carol = fixtures.player("bin_carol", 300, 300);
        var dave = fixtures.player("bin_dave", 305, 300);
        try (var c = WsTestClient.connect(fixtures.ws(carol.token()), "meridian.v1.proto")) {
            assertThat(c.subprotocol(), is("meridian.v1.proto"));
            c.sendBinary(join(carol.character().toString(), 1).toByteArray());
            ServerMessage welcome = parse(c.await(byte[].class, f -> parse(f).hasWelcome()));
            assertThat(welcome.getWelcome().getX(), is(30_000));
            assertThat(welcome.getWelcome().getPositionScale(), is(100));
            int self = welcome.getWelcome().getEntityId();
            ProtoView view = new ProtoView();
            c.sendBinary(move(1, 0, 5).toByteArray());
            Snapshot acked = null;
            while (acked == null) {
                Snapshot snapshot = parse(c.await(byte[].class, f -> parse(f).hasSnapshot()))
                        .getSnapshot();
                view.apply(snapshot);
                if (snapshot.getAckSeq() == 5) {
                    acked = snapshot;
                }
            }
            assertThat(view.entities.get(self)[0] > 30_000, is(true));
            try (var d = WsTestClient.connect(fixtures.ws(dave.token()), "meridian.v1.proto")) {
                d.sendBinary(join(dave.character().toString(), 2).toByteArray());
                while (!view.sees("bin_dave")) {
                    view.apply(parse(c.await(byte[].class, f -> parse(f).hasSnapshot()))
                            .getSnapshot());
                }
            }
            while (view.sees("bin_dave")) {
                view.apply(parse(c.await(byte[].class, f -> parse(f).hasSnapshot()))
                        .getSnapshot());
            }
        }
    }

    @Test
    void grpcClientJoinsMovesAndGetsItsMoveAcknowledged() {
        var erin = fixtures.player("grpc_erin", 600, 600);
        try (var client = new GrpcTestClient(server.worldPort(), erin.token())) {
            client.send(join(erin.character().toString(), 7));
            ServerMessage welcome = client.await(ServerMessage::hasWelcome);
            assertThat(welcome.getWelcome().getX(), is(60_000));
            ProtoView view = new ProtoView();
            client.send(move(0, 1, 9));
            Snapshot acked = null;
            while (acked == null) {
                Snapshot snapshot = client.await(ServerMessage::hasSnapshot).getSnapshot();
                view.apply(snapshot);
                acked = snapshot.getAckSeq() == 9 ? snapshot : null;
            }
            assertThat(view.entities.get(welcome.getWelcome().getEntityId())[1] > 60_000, is(true));
        }
    }

    @Test
    void grpcWithoutAValidTokenIsUnauthenticated() {
        try (var client = new GrpcTestClient(server.worldPort(), "forged.token.value")) {
            client.send(join("00000000-0000-0000-0000-000000000000", 0));
            assertThat(client.awaitEnd().getCode(), is(Status.Code.UNAUTHENTICATED));
        }
        try (var client = new GrpcTestClient(server.worldPort(), null)) {
            client.send(join("00000000-0000-0000-0000-000000000000", 0));
            assertThat(client.awaitEnd().getCode(), is(Status.Code.UNAUTHENTICATED));
        }
    }

    @Test
    void webSocketWithABadTokenIsClosedWith4401() {
        try (var client = WsTestClient.connect(fixtures.ws("not-a-jwt"), "meridian.v1.proto")) {
            assertThat(client.awaitClose(), is(4401));
            assertThat(client.closeReason, is("unauthorized"));
        }
        try (var client = WsTestClient.connect(fixtures.ws(null))) {
            assertThat(client.awaitClose(), is(4401));
        }
    }

    @Test
    void someoneElsesCharacterIsNotFound() {
        var owner = fixtures.player("owner_frank", 10, 10);
        var intruder = fixtures.player("intruder_gil", 10, 10);
        try (var client = WsTestClient.connect(fixtures.ws(intruder.token()))) {
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + owner.character() + "\",\"cid\":3}");
            JsonNode error = client.awaitJson("error");
            assertThat(error.get("code").asText(), is("not_found"));
            assertThat(error.get("cid").asInt(), is(3));
        }
        try (var client = new GrpcTestClient(server.worldPort(), intruder.token())) {
            client.send(join(owner.character().toString(), 4));
            ServerMessage error = client.await(ServerMessage::hasError);
            assertThat(error.getError().getCode(), is("not_found"));
            assertThat(error.getError().getCid(), is(4));
        }
    }

    @Test
    void oversizeFramesAreRefusedOnBothTransports() {
        var hank = fixtures.player("big_hank", 10, 10);
        String padding = "x".repeat(5000);
        try (var client = WsTestClient.connect(fixtures.ws(hank.token()))) {
            client.sendText("{\"type\":\"ping\",\"pad\":\"" + padding + "\"}");
            assertThat(client.awaitJson("error").get("code").asText(), is("frame_too_large"));
            assertThat(client.awaitClose(), is(1009));
        }
        try (var client = new GrpcTestClient(server.worldPort(), hank.token())) {
            client.send(join(padding, 1));
            assertThat(client.await(ServerMessage::hasError).getError().getCode(), is("frame_too_large"));
            assertThat(client.awaitEnd().getCode(), is(Status.Code.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void aWebSocketFrameFarOverTheLimitIsRefusedBeforeItIsRead() {
        var olly = fixtures.player("huge_olly", 10, 10);
        try (var client = WsTestClient.connect(fixtures.ws(olly.token()))) {
            // over twice max-frame-bytes in one unfragmented frame: the WebSocket layer refuses it from its header
            client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(10_000) + "\"}");
            assertThat(client.awaitClose(), is(1009));
            assertThat(
                    "the session never saw the frame",
                    client.frames.stream().noneMatch(frame -> frame.toString().contains("frame_too_large")),
                    is(true));
        }
    }

    @Test
    void onlyUnknownSubprotocolsAreRefusedAtTheUpgrade() {
        var pat = fixtures.player("proto_pat", 10, 10);
        CompletionException refused = assertThrows(
                CompletionException.class,
                () -> WsTestClient.connect(fixtures.ws(pat.token()), "meridian.v9.cbor", "chat"));
        assertThat(refused.getCause(), instanceOf(WebSocketHandshakeException.class));
        assertThat(
                ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(), is(400));
        // a known one among unknown ones is chosen
        try (var client = WsTestClient.connect(fixtures.ws(pat.token()), "meridian.v9.cbor", "meridian.v1.proto")) {
            assertThat(client.subprotocol(), is("meridian.v1.proto"));
        }
    }

    @Test
    void aSecondSessionTakesTheCharacterOver() {
        var ivy = fixtures.player("twice_ivy", 700, 700);
        try (var first = WsTestClient.connect(fixtures.ws(ivy.token()));
                var second = new GrpcTestClient(server.worldPort(), ivy.token())) {
            first.sendText("{\"type\":\"join\",\"character_id\":\"" + ivy.character() + "\"}");
            first.awaitJson("welcome");
            second.send(join(ivy.character().toString(), 1));
            second.await(ServerMessage::hasWelcome);
            assertThat(first.awaitJson("error").get("code").asText(), is("session_replaced"));
            assertThat(first.awaitClose(), is(4409));
        }
    }

    @Test
    void aCharacterDeletedWhileInTheWorldLeavesIt() throws Exception {
        var kai = fixtures.player("gone_kai", 300, 300);
        try (var client = WsTestClient.connect(fixtures.ws(kai.token()));
                var http = HttpClient.newHttpClient()) {
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + kai.character() + "\"}");
            client.awaitJson("welcome");
            HttpResponse<String> deleted = http.send(
                    HttpRequest.newBuilder(server.uri("/v1/characters/" + kai.character()))
                            .header("Authorization", "Bearer " + kai.token())
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.body(), deleted.statusCode(), is(204));
            assertThat(client.awaitJson("error").get("code").asText(), is("character_deleted"));
            assertThat(client.awaitClose(), is(4410));
        }
    }

    @Test
    void aPositionTheWorldSavesShowsInTheCachedCharacterList() throws Exception {
        var lee = fixtures.player("cached_lee", 400, 400);
        try (var http = HttpClient.newHttpClient()) {
            HttpRequest list = HttpRequest.newBuilder(server.uri("/v1/characters"))
                    .header("Authorization", "Bearer " + lee.token())
                    .build();
            assertThat("the list, now cached", storedX(http, list), is(400.0));
            try (var client = WsTestClient.connect(fixtures.ws(lee.token()))) {
                client.sendText("{\"type\":\"join\",\"character_id\":\"" + lee.character() + "\"}");
                client.awaitJson("welcome");
                client.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":1}");
                client.await(String.class, text -> json(text).path("ack").asLong() == 1);
                // leaving saves the position at once; the cache TTL (30 s) is far longer than this test waits
                client.sendText("{\"type\":\"leave\"}");
                client.awaitClose();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            double x = storedX(http, list);
            while (x == 400.0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                x = storedX(http, list);
            }
            assertThat("the list shows the saved position, got x=" + x, x > 400.0, is(true));
        }
    }

    private static double storedX(HttpClient http, HttpRequest list) throws Exception {
        HttpResponse<String> response = http.send(list, HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), is(200));
        return json(response.body()).get(0).get("x").asDouble();
    }

    @Test
    void floodingIsAnErrorThenAClose() {
        var jay = fixtures.player("flood_jay", 10, 10);
        try (var client = WsTestClient.connect(fixtures.ws(jay.token()))) {
            // past the burst (240 messages at once by default): a flood, not a stalled network catching up
            for (int i = 0; i < 2000 && !client.closeCode.isDone(); i++) {
                if (!client.sendTextWhileOpen("{\"type\":\"ping\",\"client_time\":" + i + "}")) {
                    break; // the server's close arrived between the check and this send
                }
            }
            assertThat(client.awaitJson("error").get("code").asText(), is("rate_limited"));
            assertThat(client.awaitClose(), is(4429));
        }
    }

    @Test
    void theWorldIsMeasured() {
        var kai = fixtures.player("metric_kai", 900, 900);
        try (var client = WsTestClient.connect(fixtures.ws(kai.token()))) {
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + kai.character() + "\"}");
            client.awaitJson("welcome");
        }
        String metrics = server.get("/metrics").body();
        for (String meter : List.of(
                "world_tick_duration",
                "world_players",
                "world_sessions",
                "world_messages_in_total",
                "world_bytes_out_total",
                "world_sessions_closed_total",
                "world_admission_refusals_total")) {
            assertThat(meter + " missing from /metrics", metrics.contains(meter), is(true));
        }
    }

    private static ClientMessage join(String characterId, int cid) {
        return ClientMessage.newBuilder()
                .setCid(cid)
                .setJoin(Join.newBuilder().setCharacterId(characterId))
                .build();
    }

    private static ClientMessage move(float dx, float dy, int seq) {
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx(dx).setDy(dy).setSeq(seq))
                .build();
    }
}
