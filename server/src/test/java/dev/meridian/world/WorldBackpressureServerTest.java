package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 clients walk and read at full speed while 20 never read, all in one crowd: the readers keep their snapshot cadence and
 * the others are dropped as slow consumers. The server's per-connection buffers are made small so that a client
 * that stops reading is noticed within seconds rather than after megabytes of kernel buffer. The cadence is judged
 * against the ticks the server ran (the snapshots' tick numbers), not against the wall clock: on a loaded machine the
 * tick thread, and this test's one reading thread, may fall behind the clock, and that says nothing about whether a
 * reader was skipped for the stalled clients' sake.
 */
class WorldBackpressureServerTest {
    private static final int READERS = 200;
    private static final int STALLED = 20;
    private static final int TICK_RATE = 20;
    private static final int PHASES = 10;

    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "world.view-radius", "500",
                "world.session.slow-consumer-timeout", "PT2S",
                "world.session.idle-timeout", "PT60S",
                "world.session.messages-per-second", "1000",
                "world.net.send-buffer", "16384",
                "world.net.outbound-buffer", "16384"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readersKeepTheirCadenceWhileClientsThatNeverReadAreDropped() throws Exception {
        Random random = new Random(7);
        List<RawWebSocket> readers = new ArrayList<>();
        List<RawWebSocket> stalled = new ArrayList<>();
        double closedBefore = slowConsumerClosures();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < READERS + STALLED; i++) {
                var player =
                        fixtures.player("crowd_" + i, 480 + random.nextDouble() * 40, 480 + random.nextDouble() * 40);
                boolean reads = i < READERS;
                RawWebSocket socket = RawWebSocket.open(server.worldPort(), player.token(), reads ? 0 : 4096);
                socket.sendBinary(ClientMessage.newBuilder()
                        .setJoin(Join.newBuilder()
                                .setCharacterId(player.character().toString()))
                        .build()
                        .toByteArray());
                if (reads) {
                    socket.channel().register(selector, SelectionKey.OP_READ, readers.size());
                    readers.add(socket);
                } else {
                    stalled.add(socket);
                }
            }
            int[] snapshots = new int[READERS];
            long[] firstTick = new long[READERS];
            long[] lastTick = new long[READERS];
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(3);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(6);
            long nextMove = start;
            int seq = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextMove) {
                    // every reader keeps walking, one move per tick as a game client does (a move steers only the
                    // next tick); their sends are spread over the tick period, so whatever the timing of this
                    // thread, every tick someone in the crowd moves and every reader's view changes
                    int phase = seq % PHASES;
                    seq++;
                    byte[] move = ClientMessage.newBuilder()
                            .setMove(Move.newBuilder()
                                    .setDx(seq % 400 < 200 ? 1 : -1)
                                    .setSeq(seq))
                            .build()
                            .toByteArray();
                    for (int i = phase; i < readers.size(); i += PHASES) {
                        readers.get(i).sendBinary(move);
                    }
                    nextMove += TimeUnit.MILLISECONDS.toNanos(1000 / TICK_RATE) / PHASES;
                }
                selector.select(1);
                boolean measuring = System.nanoTime() >= measureFrom;
                for (SelectionKey key : selector.selectedKeys()) {
                    int index = (Integer) key.attachment();
                    boolean open = readers.get(index).readFrames(frame -> {
                        if (measuring && isSnapshot(frame)) {
                            long tick = tickOf(frame);
                            if (snapshots[index]++ == 0) {
                                firstTick[index] = tick;
                            }
                            lastTick[index] = tick;
                        }
                    });
                    assertThat("reader " + index + " was disconnected", open, is(true));
                }
                selector.selectedKeys().clear();
            }
            for (int i = 0; i < READERS; i++) {
                long ticks = lastTick[i] - firstTick[i] + 1;
                // a reader gets a snapshot every tick: a few may be skipped while this test's thread falls behind
                assertThat(
                        "reader " + i + " got " + snapshots[i] + " snapshots over " + ticks + " ticks",
                        snapshots[i] >= 0.8 * ticks && ticks >= TICK_RATE,
                        is(true));
            }
            assertThat(
                    "every client that never read was dropped as a slow consumer",
                    slowConsumerClosures() - closedBefore,
                    is((double) STALLED));
            for (RawWebSocket socket : stalled) {
                assertThat("a stalled client's connection is closed by the server", closedByServer(socket), is(true));
            }
        } finally {
            for (RawWebSocket socket : readers) {
                socket.close();
            }
            for (RawWebSocket socket : stalled) {
                socket.close();
            }
        }
    }

    private static double slowConsumerClosures() {
        return Metrics.value(server, "world_sessions_closed_total", "reason=\"slow_consumer\"");
    }

    /** A binary frame holding a ServerMessage whose first field is the snapshot (field 2, length-delimited). */
    private static boolean isSnapshot(ByteBuffer frame) {
        return frame.remaining() > 1 && (frame.get(0) & 0x0F) == 0x2 && frame.get(1) == 0x12;
    }

    /** The tick of a snapshot frame (its first field), without decoding the rest. */
    private static long tickOf(ByteBuffer frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame.array(), 1, frame.limit() - 1);
            in.readTag(); // ServerMessage.snapshot
            in.readRawVarint32(); // its length
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                throw new AssertionError("a snapshot whose first field is not its tick: " + tag);
            }
            return in.readUInt32();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drains what the server had sent before it dropped the connection: the end comes as EOF or a reset. */
    private static boolean closedByServer(RawWebSocket socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (!socket.readFrames(frame -> {})) {
                    return true;
                }
            } catch (IOException reset) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
