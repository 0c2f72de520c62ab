package dev.meridian.world.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.account.domain.AccountId;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.world.ProtoView;
import dev.meridian.world.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.PositionWriteBehind;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneSettings;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** One session over a fake transport, with the zone ticked and the sweeper run by hand. */
class WorldSessionTest {
    private static final ZoneSettings ZONE =
            new ZoneSettings("starter", 100, 100, 20, 10, 10, Duration.ofSeconds(5), Duration.ofSeconds(1));

    private final AccountId account = AccountId.random();
    private final PlayerCharacter character =
            new PlayerCharacter(new CharacterId(UUID.randomUUID()), account, "sam", "starter", 50, 50);
    private final Zone zone = new Zone(ZONE, (positions, urgent) -> {}, (type, data) -> {});

    /** Records frames; while {@code stalled}, send blocks like a socket towards a client that stopped reading. */
    private static final class FakeTransport implements Transport {
        final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch unstall = new CountDownLatch(1);
        volatile boolean stalled;
        volatile CloseReason closed;
        volatile Thread writer;
        volatile Thread closer;

        /** Blocks (interruptibly, as a flow-control wait or a virtual thread's socket write does) while stalled. */
        @Override
        public void send(byte[] frame, boolean text) throws Exception {
            writer = Thread.currentThread();
            if (stalled) {
                unstall.await();
            }
            sent.add(ServerMessage.parseFrom(frame));
        }

        @Override
        public void close(CloseReason reason) {
            closer = Thread.currentThread();
            closed = reason;
        }

        boolean gotError(String code) {
            return sent.stream()
                    .anyMatch(m -> m.hasError() && m.getError().getCode().equals(code));
        }
    }

    private Sessions sessions;

    private WorldSession session(FakeTransport transport, SessionSettings settings) {
        sessions = new Sessions(settings);
        Gateway gateway = new Gateway(
                new World(List.of(zone), "starter"),
                id -> id.equals(character.id()) ? Optional.of(character) : Optional.empty(),
                new PositionWriteBehind(positions -> {}),
                sessions,
                settings,
                new WorldMetrics(Services.get(MeterRegistry.class)),
                () -> 1_000L);
        WorldSession session = new WorldSession(gateway, account, transport, new ProtoFormat(), "test");
        session.start();
        return session;
    }

    private static SessionSettings settings(int inboundQueue, int perSecond, int outboundQueue) {
        return new SessionSettings(
                4096, inboundQueue, perSecond, outboundQueue, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static byte[] join(CharacterId id) {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId(id.toString()))
                .build()
                .toByteArray();
    }

    private static byte[] move(int seq) {
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx(1).setSeq(seq))
                .build()
                .toByteArray();
    }

    /** Joins, waits for the first snapshot, then stops reading while the player moves for 10 ticks. */
    private void joinThenStopReading(WorldSession session, FakeTransport transport) throws InterruptedException {
        session.receive(join(character.id()));
        awaitFirstSnapshot(transport);
        transport.stalled = true;
        for (int seq = 1; seq <= 10; seq++) {
            session.receive(move(seq));
            zone.tick();
        }
    }

    /**
     * Ticks until the first snapshot was written. With a small outbox the welcome may still be queued when the first
     * snapshot is offered (a slow sender thread): that snapshot is then dropped and the next tick sends a full one,
     * as on a real server whose zone keeps ticking.
     */
    private void awaitFirstSnapshot(FakeTransport transport) throws InterruptedException {
        await(() -> {
            zone.tick();
            return transport.sent.stream().anyMatch(ServerMessage::hasSnapshot);
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void moreCommandsThanTheInboundQueueHoldsCloseTheSession() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(4, 1000, 8));
        session.receive(join(character.id()));
        zone.tick();
        for (int seq = 1; seq <= 5; seq++) {
            session.receive(move(seq));
        }
        await(() -> transport.closed != null);
        assertTrue(transport.gotError("inbound_overflow"));
        assertEquals(CloseReason.INBOUND_OVERFLOW, transport.closed);
    }

    @Test
    void overTheMessageBudgetIsAnErrorThenAClose() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 5, 8));
        byte[] ping = ClientMessage.newBuilder()
                .setPing(Ping.newBuilder().setClientTime(1))
                .build()
                .toByteArray();
        // 50 at once: a budget of 5 per second (refilling one every 200 ms) cannot absorb them
        for (int i = 0; i < 50 && !session.closed(); i++) {
            session.receive(ping);
        }
        await(() -> transport.closed != null);
        assertTrue(transport.gotError("rate_limited"));
        assertEquals(CloseReason.RATE_LIMITED, transport.closed);
    }

    @Test
    void aClientThatStopsReadingSkipsToAFullSnapshotAndIsDroppedIfItStaysBehind() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 2));
        joinThenStopReading(session, transport);
        assertTrue(session.stuckFor(0, System.nanoTime()), "the outbox is full and not draining");
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(6).toNanos());
        assertTrue(session.closed());
        // the stuck write is ended and the transport closed by the sender itself, never by the sweeper's thread
        await(() -> transport.closed != null);
        assertEquals(CloseReason.SLOW_CONSUMER, transport.closed);
        assertSame(transport.writer, transport.closer);
        zone.tick();
        assertEquals(0, zone.population(), "its player left the zone");
    }

    @Test
    void aClientThatMissedSnapshotsIsBroughtBackByAFullOne() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 1));
        joinThenStopReading(session, transport);
        transport.stalled = false;
        transport.unstall.countDown();
        session.receive(move(11));
        await(() -> {
            zone.tick();
            return transport.sent.stream()
                    .anyMatch(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == 11);
        });
        // deltas were lost while the client did not read: only a later full snapshot can make its view right
        ProtoView view = new ProtoView();
        transport.sent.stream().filter(ServerMessage::hasSnapshot).forEach(m -> view.apply(m.getSnapshot()));
        assertEquals(
                zone.visibleTo(session).get(1)[0], view.entities.get(1)[0], "the rebuilt position is the server's");
        assertTrue(transport.sent.stream()
                        .filter(m -> m.hasSnapshot() && m.getSnapshot().getFull())
                        .count()
                >= 2);
    }

    @Test
    void aSilentSessionTimesOut() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(31).toNanos());
        await(() -> transport.closed != null);
        assertTrue(transport.gotError("idle_timeout"));
        assertTrue(session.closed());
    }
}
