package dev.meridian.world;

import static dev.meridian.world.WsTestClient.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Error;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import io.grpc.Status;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server at {@code world.max-players} (2 here) refuses the next join on both transports with {@code server_full}
 * and a retry-after, and seats it once a player has left; a client whose network stalled and then delivered its
 * queued moves at once is not taken for a flooder.
 */
class WorldAdmissionServerTest {
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("world.max-players", "2", "world.join.retry-after", "PT3S"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJoinBeyondMaxPlayersIsRefusedServerFullOnBothTransportsUntilASeatFrees() throws Exception {
        var first = fixtures.player("seat_one", 100, 100);
        var second = fixtures.player("seat_two", 110, 100);
        var third = fixtures.player("seat_three", 120, 100);
        double fullBefore = refusals("max_players");
        try (WsTestClient one = joined(first);
                WsTestClient two = joined(second)) {
            two.sendText(move(1)); // the seated players play on while others are refused
            try (WsTestClient refused = connect(third)) {
                refused.sendText(join(third));
                JsonNode error = json(refused.await(String.class, text -> text.contains("\"type\":\"error\"")));
                assertThat(error.get("code").asText(), is("server_full"));
                assertThat(error.get("retry_after_ms").asInt(), is(3000));
                assertThat("WebSocket's own try-again-later", refused.awaitClose(), is(1013));
            }
            try (GrpcTestClient refused = new GrpcTestClient(server.worldPort(), third.token())) {
                refused.send(ClientMessage.newBuilder()
                        .setJoin(Join.newBuilder()
                                .setCharacterId(third.character().toString()))
                        .build());
                Error error = refused.await(ServerMessage::hasError).getError();
                assertThat(error.getCode(), is("server_full"));
                assertThat(error.getRetryAfterMs(), is(3000));
                assertThat(refused.awaitEnd().getCode(), is(Status.Code.UNAVAILABLE));
            }
            assertThat("both refusals counted", refusals("max_players"), is(fullBefore + 2));
            one.sendText("{\"type\":\"leave\"}");
            one.awaitClose();
            try (WsTestClient seated = joined(third)) {
                seated.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":1}");
                seated.await(String.class, text -> text.contains("\"ack\":1,"));
            }
        }
    }

    @Test
    void movesAStalledNetworkDeliversAtOnceKeepTheClientConnected() throws Exception {
        var walker = fixtures.player("stall_burst", 700, 700);
        try (WsTestClient client = joined(walker)) {
            int seq = 0;
            for (int i = 0; i < 20; i++) { // a second of walking at 20 moves a second
                client.sendText(move(++seq));
                Thread.sleep(50);
            }
            Thread.sleep(3000); // the network stalls: nothing arrives for 3 s
            for (int i = 0; i < 60; i++) { // then TCP delivers the 60 moves queued meanwhile at once
                client.sendText(move(++seq));
            }
            for (int i = 0; i < 20; i++) {
                client.sendText(move(++seq));
                Thread.sleep(50);
            }
            int last = seq;
            client.await(String.class, text -> text.contains("\"ack\":" + last + ","));
            assertThat("still connected", client.closeCode.isDone(), is(false));
            assertThat(
                    "no error",
                    client.frames.stream()
                            .anyMatch(f -> f instanceof String text && text.contains("\"type\":\"error\"")),
                    is(false));
        }
    }

    private static double refusals(String reason) {
        return Metrics.value(server, "world_admission_refusals_total", "reason=\"" + reason + "\"");
    }

    private static WsTestClient connect(WorldFixtures.Player player) {
        return WsTestClient.connect(
                URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + player.token()));
    }

    private static WsTestClient joined(WorldFixtures.Player player) {
        WsTestClient client = connect(player);
        client.sendText(join(player));
        client.await(String.class, text -> text.contains("\"type\":\"welcome\""));
        return client;
    }

    private static String join(WorldFixtures.Player player) {
        return "{\"type\":\"join\",\"character_id\":\"" + player.character() + "\"}";
    }

    private static String move(int seq) {
        return "{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":" + seq + "}";
    }
}
