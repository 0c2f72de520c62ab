package dev.meridian.world.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Error;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.Resume;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.proto.world.v1.Welcome;
import dev.meridian.world.ProtoView;
import dev.meridian.world.domain.Area;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.domain.Point;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import dev.meridian.world.engine.FanOut;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneEvents;
import dev.meridian.world.engine.ZoneSettings;
import dev.meridian.world.persistence.PositionWriteBehind;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One session over a fake transport, with the zone ticked and the sweeper run by hand. */
class WorldSessionTest {
    /** Its east edge (x 90..100) is a portal to "beyond": on the map, but not hosted by this node. */
    private static final List<Portal> PORTALS =
            List.of(new Portal(new Area(90, 0, 10, 100), "beyond", new Point(50, 50)));

    private static final ZoneSettings ZONE =
            new ZoneSettings("starter", 100, 100, 20, 10, 10, Duration.ofSeconds(5), Duration.ofSeconds(1), PORTALS);

    private final AccountId account = AccountId.random();
    private final PlayerCharacter character =
            new PlayerCharacter(CharacterId.random(), account, "sam", "starter", 50, 50);
    private final List<CharacterPosition> saved = new CopyOnWriteArrayList<>();
    private final PlayerCharacter stranded =
            new PlayerCharacter(CharacterId.random(), account, "kim", "beyond", 50, 50);
    private final World world = new World(
            new WorldMap(
                    List.of(
                            new ZoneDefinition("starter", 100, 100, new Point(50, 50), PORTALS),
                            new ZoneDefinition("beyond", 100, 100, new Point(50, 50), List.of())),
                    "starter"),
            Duration.ofSeconds(5));
    private final Zone zone = world.host(ZONE, saved::addAll, ZoneEvents.none(), FanOut.single());

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
    private Gateway gateway;

    private WorldSession session(FakeTransport transport, SessionSettings settings) {
        sessions = new Sessions(settings);
        gateway = new Gateway(
                world,
                id -> Stream.of(character, stranded)
                        .filter(c -> c.id().equals(id))
                        .findFirst(),
                new PositionWriteBehind(positions -> {}, () -> {}),
                sessions,
                new Admission(AdmissionSettings.defaults()),
                settings,
                new WorldMetrics(Services.get(MeterRegistry.class)),
                () -> 1_000L,
                JoinTracing.off());
        return another(transport, account);
    }

    /** Another connection to the same gateway, e.g. the one that resumes. */
    private WorldSession another(FakeTransport transport, AccountId of) {
        WorldSession session =
                new WorldSession(gateway, new Caller(of, Context.root()), transport, new ProtoFormat(), "test");
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
                Duration.ofSeconds(30),
                Duration.ofSeconds(15));
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
    void aJoinIntoAZoneThisNodeDoesNotHostIsRefusedWithARetryAndTheSessionStaysOpen() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        receive(session, transport, join(stranded.id()));
        await(() -> transport.gotError("zone_unavailable"));
        Error refused = transport.sent.stream()
                .filter(ServerMessage::hasError)
                .findFirst()
                .orElseThrow()
                .getError();
        assertEquals(5000, refused.getRetryAfterMs());
        assertFalse(session.closed());
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
    }

    @Test
    void aPortalIntoAZoneThisNodeDoesNotHostHoldsThePlayerBackWithARetry() throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        for (int seq = 1; seq <= 100; seq++) {
            receive(session, transport, move(seq));
            zone.tick();
        }
        await(() -> transport.gotError("zone_unavailable"));
        assertEquals(
                1,
                transport.sent.stream()
                        .filter(m -> m.hasError() && m.getError().getCode().equals("zone_unavailable"))
                        .count(),
                "once per retry interval");
        assertFalse(transport.sent.stream().anyMatch(ServerMessage::hasZoneChanged));
        assertFalse(session.closed());
        assertEquals(1, zone.population(), "still in its zone");
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

    private static byte[] resume(String token, int cid) {
        return ClientMessage.newBuilder()
                .setCid(cid)
                .setResume(Resume.newBuilder().setToken(token))
                .build()
                .toByteArray();
    }

    private static Welcome lastWelcome(FakeTransport transport) {
        return transport.sent.stream()
                .filter(ServerMessage::hasWelcome)
                .reduce((first, second) -> second)
                .orElseThrow()
                .getWelcome();
    }

    /** Joins and answers the welcome's resume token once the first snapshot arrived. */
    private String joined(WorldSession session, FakeTransport transport) throws InterruptedException {
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        return lastWelcome(transport).getResumeToken();
    }

    /** A new connection of {@code of} that sends Resume with {@code token}; ticks until it is answered. */
    private FakeTransport resumeOnNewConnection(AccountId of, String token) throws InterruptedException {
        FakeTransport transport = new FakeTransport();
        WorldSession session = another(transport, of);
        receive(session, transport, resume(token, 42));
        await(() -> {
            zone.tick();
            return transport.sent.stream().anyMatch(m -> m.hasSnapshot() || m.hasError());
        });
        return transport;
    }

    private void dropped(WorldSession session, FakeTransport transport, CloseReason reason) {
        transport.onLoop(() -> session.disconnected(reason));
        zone.tick();
    }

    @Test
    void aConnectionLostWithoutGoodbyeLeavesTheEntityWaitingAndANewConnectionResumesIt() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        int entity = lastWelcome(first).getEntityId();
        receive(session, first, move(7));
        zone.tick();
        dropped(session, first, CloseReason.CONNECTION_LOST);
        for (int i = 0; i < 20; i++) {
            zone.tick();
        }
        assertEquals(1, zone.population(), "the entity waits for its player");

        FakeTransport second = resumeOnNewConnection(account, token);
        Welcome again = lastWelcome(second);
        assertEquals(entity, again.getEntityId(), "the same entity");
        assertNotEquals(token, again.getResumeToken(), "a new token for the next drop");
        Snapshot first1 = second.sent.stream()
                .filter(ServerMessage::hasSnapshot)
                .findFirst()
                .orElseThrow()
                .getSnapshot();
        assertTrue(first1.getFull(), "the whole view first: missed snapshots are not replayed");
        assertEquals(7, first1.getAckSeq(), "acknowledged moves go on from where they were");
        assertEquals(1, zone.population(), "never a second entity");
    }

    @Test
    void transportErrorsAndSilenceParkTooButAGoodbyeOrASlowConsumerLeaves() throws InterruptedException {
        assertTrue(CloseReason.TRANSPORT_ERROR.parksEntity());
        assertTrue(CloseReason.IDLE_TIMEOUT.parksEntity());
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        String token = joined(session, transport);
        dropped(session, transport, CloseReason.CLIENT_CLOSED);
        assertEquals(0, zone.population(), "a close 1000 or 1001 is a goodbye");
        assertTrue(resumeOnNewConnection(account, token).gotError("resume_refused"));
        assertFalse(CloseReason.SLOW_CONSUMER.parksEntity(), "a client too slow to keep up is dropped for good");
    }

    @Test
    void whenTheGraceIsOverTheEntityLeavesWithItsPositionSavedAndTheTokenIsRefused() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(14).toNanos());
        zone.tick();
        assertEquals(1, zone.population(), "still within the 15 s");
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(16).toNanos());
        zone.tick();
        assertEquals(0, zone.population(), "the grace is over");
        assertTrue(saved.stream().anyMatch(position -> position.character().equals(character.id())));

        FakeTransport second = resumeOnNewConnection(account, token);
        assertTrue(second.gotError("resume_refused"));
        assertEquals(42, second.sent.getLast().getError().getCid());
        assertTrue(second.sent.stream().noneMatch(ServerMessage::hasWelcome));
        assertNull(second.closed, "the client may join instead");
        assertEquals(0, zone.population(), "a refused resume creates nothing");
    }

    @Test
    void aTokenIsUsedOnceOnlyByItsOwnAccountAndAForgedOneIsRefused() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);

        assertTrue(resumeOnNewConnection(AccountId.random(), token).gotError("resume_refused"));
        assertTrue(resumeOnNewConnection(account, "mrs_" + "A".repeat(43)).gotError("resume_refused"));
        assertTrue(
                resumeOnNewConnection(account, token).sent.stream().anyMatch(ServerMessage::hasWelcome),
                "another account's attempt did not use the token up");
        assertTrue(resumeOnNewConnection(account, token).gotError("resume_refused"), "single use");
        assertEquals(1, zone.population());
    }

    @Test
    void aResumeTakesTheEntityFromAConnectionTheServerStillThinksOpen() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        FakeTransport second = resumeOnNewConnection(account, token);
        assertEquals(lastWelcome(first).getEntityId(), lastWelcome(second).getEntityId());
        await(() -> first.closed != null);
        assertEquals(CloseReason.SESSION_REPLACED, first.closed);
        assertEquals(1, zone.population());
    }

    @Test
    void aJoinTakesAParkedEntityOverAndItsOldTokenNoLongerResumes() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        FakeTransport second = new FakeTransport();
        WorldSession joining = another(second, account);
        joined(joining, second);
        assertEquals(lastWelcome(first).getEntityId(), lastWelcome(second).getEntityId());
        assertTrue(resumeOnNewConnection(account, token).gotError("resume_refused"));
        assertFalse(joining.closed());
        assertEquals(1, zone.population());
    }

    @Test
    void aDeletedCharactersParkedEntityLeavesAtOnce() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        sessions.characterDeleted(character.id().value());
        zone.tick();
        assertEquals(0, zone.population());
        assertTrue(resumeOnNewConnection(account, token).gotError("resume_refused"));
        assertEquals(0, sessions.tickets().size(), "nothing kept for it");
    }

    @Test
    void theShutdownSendsParkedEntitiesOutWithTheirPositionsSaved() throws InterruptedException {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        saved.clear();
        sessions.drain(Duration.ofMillis(200));
        zone.tick();
        assertEquals(0, zone.population());
        assertTrue(saved.stream().anyMatch(position -> position.character().equals(character.id())));
        assertEquals(0, sessions.tickets().size(), "nothing kept after the drain");
    }
}
