package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A gRPC client that stops reading, over real sockets: it is disconnected, and the others are not held up. */
class WorldSlowConsumerServerTest {
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "world.session.idle-timeout", "PT60S",
                "world.session.slow-consumer-timeout", "PT1S",
                "world.session.outbound-queue", "4",
                "world.session.messages-per-second", "1000"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aGrpcClientThatStopsReadingIsDisconnectedWhileAnotherKeepsPlaying() {
        var stuck = fixtures.player("stuck_lou", 500, 500);
        var fine = fixtures.player("fine_mia", 505, 500);
        try (var stalled = new GrpcTestClient(server.worldPort(), stuck.token(), true);
                var reading = new GrpcTestClient(server.worldPort(), fine.token())) {
            stalled.send(join(stuck.character().toString()));
            reading.send(join(fine.character().toString()));
            reading.await(ServerMessage::hasWelcome);
            // both keep walking; the reading client gets every one of its moves acknowledged all along
            // the meters are shared by every server of this test JVM: count this server's closes from now on
            double before = slowConsumerClosures();
            int seq = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (slowConsumerClosures() == before) {
                assertThat("the stalled client was never disconnected", System.nanoTime() < deadline, is(true));
                seq++;
                float dx = seq % 40 < 20 ? 1 : -1;
                stalled.send(move(dx, seq));
                reading.send(move(dx, seq));
                int acked = seq;
                reading.await(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == acked);
            }
            int after = seq + 1;
            reading.send(move(1, after));
            reading.await(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == after);
        }
    }

    private static double slowConsumerClosures() {
        return Metrics.value(server, "world_sessions_closed_total", "reason=\"slow_consumer\"");
    }

    private static ClientMessage join(String characterId) {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId(characterId))
                .build();
    }

    private static ClientMessage move(float dx, int seq) {
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx(dx).setSeq(seq))
                .build();
    }
}
