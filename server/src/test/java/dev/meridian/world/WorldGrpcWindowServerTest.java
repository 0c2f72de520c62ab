package dev.meridian.world;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long gRPC session sends far more than the server's inbound flow-control windows: its stream's (made small here,
 * {@code world.net.grpc-stream-window}) and its connection's (HTTP/2's 65,535 bytes, which the server keeps when the
 * stream window is smaller). A client sends only while a window is open, so its moves keep arriving only if the
 * server's WINDOW_UPDATE frames reach it; without them the session stalls within the first window's worth of moves.
 */
class WorldGrpcWindowServerTest {
    private static final int STREAM_WINDOW = 4096;
    private static final int CONNECTION_WINDOW = 65_535;
    /** gRPC's message prefix: a compression flag and a four-byte length. */
    private static final int GRPC_PREFIX = 5;
    /** Moves sent between two acknowledgements: several stream windows' worth within about a tick. */
    private static final int ROUND = 500;

    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "world.net.grpc-stream-window", Integer.toString(STREAM_WINDOW),
                // a round of moves arrives within a tick: neither the message budget nor the inbound queue refuses it
                "world.session.messages-per-second", "100000",
                "world.session.message-burst", Integer.toString(2 * ROUND),
                "world.session.inbound-queue", Integer.toString(2 * ROUND),
                "world.session.idle-timeout", "PT60S"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void movesWorthManyWindowsAreAllAcknowledged() {
        var wes = fixtures.player("window_wes", 500, 500);
        try (var client = new GrpcTestClient(server.worldPort(), wes.token())) {
            client.send(ClientMessage.newBuilder()
                    .setJoin(Join.newBuilder().setCharacterId(wes.character().toString()))
                    .build());
            client.await(ServerMessage::hasWelcome);
            long sent = 0;
            int seq = 0;
            // twice the connection's window is dozens of the stream's: both must have been reopened, more than once
            while (sent <= 2L * CONNECTION_WINDOW) {
                for (int i = 0; i < ROUND; i++) {
                    // standing still: a client sends its input every frame, moving or not
                    ClientMessage move = ClientMessage.newBuilder()
                            .setMove(Move.newBuilder().setSeq(++seq))
                            .build();
                    client.send(move);
                    sent += GRPC_PREFIX + move.getSerializedSize();
                }
                int last = seq;
                // fails the test when the round's last move is not acknowledged within 10 s
                client.await(message ->
                        message.hasSnapshot() && message.getSnapshot().getAckSeq() == last);
            }
        }
    }
}
