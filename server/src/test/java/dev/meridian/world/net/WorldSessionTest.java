package dev.meridian.world.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.world.ProtoView;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.PositionWriteBehind;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneSettings;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** One session over a fake transport, with the zone ticked and the sweeper run by hand. */
class WorldSessionTest {
    private static final ZoneSettings ZONE =
            new ZoneSettings("starter", 100, 100, 20, 10, 10, Duration.ofSeconds(5), Duration.ofSeconds(1));

    private final AccountId account = AccountId.random();
    private final PlayerCharacter character =
            new PlayerCharacter(CharacterId.random(), account, "sam", "starter", 50, 50);
    private final Zone zone = new Zone(ZONE, positions -> {}, (type, data) -> {});

    /**
     * Records frames on a single-threaded "event loop" of its own; while {@code stalled} it is not writable, like a
     * connection towards a client that stopped reading.
     */
    private static final class FakeTransport implements Transport {
        final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
        final ExecutorService loop = Executors.newSingleThreadExecutor();
        volatile boolean stalled;
        volatile CloseReason closed;
        volatile boolean aborted;
        volatile Thread closer;

        @Override
        public Executor executor() {
            return loop;
        }

        @Override
        public ByteBufAllocator alloc() {
            return UnpooledByteBufAllocator.DEFAULT;
        }

        @Override
        public void write(ByteBuf payload, boolean text) {
            try {
                sent.add(ServerMessage.parseFrom(ByteBufUtil.getBytes(payload)));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            } finally {
                payload.release();
            }
        }

        @Override
        public void flush() {}

        @Override
        public boolean writable() {
            return !stalled;
        }

        @Override
        public void close(CloseReason reason) {
            closer = Thread.currentThread();
            closed = reason;
        }

        @Override
        public void abort(CloseReason reason) {
            aborted = true;
            close(reason);
        }

        boolean gotError(String code) {
            return sent.stream()
                    .anyMatch(m -> m.hasError() && m.getError().getCode().equals(code));
        }

        /** Runs {@code action} on the loop, as the transport's reads do, and waits for it. */
        void onLoop(Runnable action) {
            try {
                loop.submit(action).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private Sessions sessions;

    private WorldSession session(FakeTransport transport, SessionSettings settings) {
        sessions = new Sessions(settings);
        Gateway gateway = new Gateway(
                new World(List.of(zone), "starter"),
                id -> id.equals(character.id()) ? Optional.of(character) : Optional.empty(),
                new PositionWriteBehind(positions -> {}, () -> {}),
                sessions,
                settings,
                new WorldMetrics(Services.get(MeterRegistry.class)),
                () -> 1_000L,
                JoinTracing.off());
        WorldSession session =
                new WorldSession(gateway, new Caller(account, Context.root()), transport, new ProtoFormat(), "test");
        transport.onLoop(session::start);
        return session;
    }

    private static SessionSettings settings(int inboundQueue, int perSecond, int outboundQueue) {
        return new SessionSettings(
                4096,
                inboundQueue,
                perSecond,
                4 * perSecond,
                outboundQueue,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
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
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        transport.stalled = true;
        for (int seq = 1; seq <= 10; seq++) {
            receive(session, transport, move(seq));
            zone.tick();
        }
    }

    private static void receive(WorldSession session, FakeTransport transport, byte[] frame) {
        transport.onLoop(() -> session.receive(frame));
    }

    /** Ticks until the first snapshot was written (the join's character lookup runs on a thread of its own). */
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
        receive(session, transport, join(character.id()));
        await(() -> {
            zone.tick();
            return transport.sent.stream().anyMatch(ServerMessage::hasWelcome);
        });
        for (int seq = 1; seq <= 5; seq++) {
            receive(session, transport, move(seq));
        }
        await(() -> transport.closed != null);
        assertTrue(transport.gotError("inbound_overflow"));
        assertEquals(CloseReason.INBOUND_OVERFLOW, transport.closed);
    }

    @Test
    void whatAStalledNetworkDeliversAtOnceIsABurstNotAFlood() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        // the defaults' shape: 60 messages a second sustained, 4 seconds of them at once
        WorldSession session = session(transport, settings(64, 60, 8));
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        // a client walking at 20 moves a second whose network stalled for 3 s delivers 60 moves together
        for (int seq = 1; seq <= 60; seq++) {
            receive(session, transport, move(seq));
        }
        zone.tick();
        assertFalse(session.closed(), "a burst within the budget keeps the session");
        assertFalse(transport.gotError("rate_limited"));
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
            receive(session, transport, ping);
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
        // the connection is dropped by its own event loop, never by the sweeper's thread
        await(() -> transport.closed != null);
        assertEquals(CloseReason.SLOW_CONSUMER, transport.closed);
        assertTrue(transport.aborted, "a client that does not read is not sent a close it cannot read");
        assertNotSame(Thread.currentThread(), transport.closer);
        zone.tick();
        assertEquals(0, zone.population(), "its player left the zone");
    }

    @Test
    void aClientThatMissedSnapshotsIsBroughtBackByAFullOne() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 1));
        joinThenStopReading(session, transport);
        transport.stalled = false;
        receive(session, transport, move(11));
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
