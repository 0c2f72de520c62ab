package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.testing.TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown with players connected (Meridian.stop() is what the SIGTERM hook runs): every player is told
 * {@code server_shutdown} and its last position is in Postgres, although the write-behind interval never came.
 */
class WorldShutdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shutdownFlushesTheLastPositionsOfConnectedPlayers() throws Exception {
        try (TestServer server = TestServer.start(Map.of("world.persist-interval", "PT10M"))) {
            WorldFixtures fixtures = new WorldFixtures(server);
            var grpcPlayer = fixtures.player("stay_kim", 200, 200);
            var wsPlayer = fixtures.player("stay_lou", 800, 800);
            try (var grpc = new GrpcTestClient(server.worldPort(), grpcPlayer.token());
                    var ws = WsTestClient.connect(URI.create(
                            "ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + wsPlayer.token()))) {
                grpc.send(ClientMessage.newBuilder()
                        .setJoin(Join.newBuilder()
                                .setCharacterId(grpcPlayer.character().toString()))
                        .build());
                int self = grpc.await(ServerMessage::hasWelcome).getWelcome().getEntityId();
                ws.sendText("{\"type\":\"join\",\"character_id\":\"" + wsPlayer.character() + "\"}");
                ws.await(String.class, text -> text.contains("welcome"));

                ProtoView view = new ProtoView();
                for (int seq = 1; seq <= 10; seq++) {
                    grpc.send(ClientMessage.newBuilder()
                            .setMove(Move.newBuilder().setDx(1).setDy(0.5f).setSeq(seq))
                            .build());
                    ws.sendText("{\"type\":\"move\",\"dx\":-1,\"dy\":0,\"seq\":" + seq + "}");
                    Thread.sleep(60);
                }
                int acked = 0;
                while (acked != 10) {
                    Snapshot snapshot = grpc.await(ServerMessage::hasSnapshot).getSnapshot();
                    view.apply(snapshot);
                    acked = snapshot.getAckSeq();
                }
                String last = ws.await(String.class, text -> text.contains("\"ack\":10"));
                double wsX = Double.NaN;
                for (var entity : JSON.readTree(last).get("entities")) {
                    if ("stay_lou".equals(entity.get("name").asText())) {
                        wsX = entity.get("x").asDouble();
                    }
                }
                assertThat("the JSON player moved left", wsX < 800.0, is(true));

                server.meridian().stop();

                assertThat(grpc.await(ServerMessage::hasError).getError().getCode(), is("server_shutdown"));
                int[] fixed = view.entities.get(self);
                double[] stored = fixtures.storedPosition(grpcPlayer.character());
                assertThat(stored[0], closeTo(fixed[0] / 100.0, 1e-9));
                assertThat(stored[1], closeTo(fixed[1] / 100.0, 1e-9));
                assertThat(fixtures.storedPosition(wsPlayer.character())[0], closeTo(wsX, 1e-9));
                assertThat(fixtures.storedPosition(wsPlayer.character())[1], closeTo(800.0, 1e-9));
            }
        }
    }
}
