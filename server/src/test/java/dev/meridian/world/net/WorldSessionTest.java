package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.platform.ratelimit.TokenBuckets;
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
import dev.meridian.world.cluster.ZoneRouter;
import dev.meridian.world.domain.Area;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.domain.Point;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import dev.meridian.world.engine.FanOut;
import dev.meridian.world.engine.TickOverruns;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneEvents;
import dev.meridian.world.engine.ZoneSettings;
import dev.meridian.world.persistence.PositionWriteBehind;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One session over a fake transport, all on the test's thread: the zone ticked, the sweeper run, and the event loop's
 * and the joins' work done by hand ({@link HandRunLoop}), so every step happens when the test says and none waits.
 */
class WorldSessionTest {
    /** Its east edge (x 90..100) is a portal to "beyond": on the map, but not hosted by this node. */
    private static final List<Portal> PORTALS =
            List.of(new Portal(new Area(90, 0, 10, 100), "beyond", new Point(50, 50)));

    private static final ZoneSettings ZONE =
            new ZoneSettings("starter", 100, 100, 20, 10, 10, Duration.ofSeconds(5), Duration.ofSeconds(1), PORTALS);

    /** Joins (and resumes) an account may make at once; one more a minute after that. */
    private static final int JOIN_BURST = 5;

    private final AccountId account = AccountId.random();
    private final PlayerCharacter character =
            new PlayerCharacter(CharacterId.random(), account, "sam", "starter", 50, 50);
    /** A second player of the same account, for the tests that need two. */
    private final PlayerCharacter other = new PlayerCharacter(CharacterId.random(), account, "kit", "starter", 60, 50);

    private final List<CharacterPosition> saved = new CopyOnWriteArrayList<>();
    private final PlayerCharacter stranded =
            new PlayerCharacter(CharacterId.random(), account, "kim", "beyond", 50, 50);
    /** The zone counts as overloaded when 2 of its last 4 ticks overran. */
    private final TickOverruns overruns = new TickOverruns(4, 0.5);
    /** An event loop counts as lagging while half its batches of the last minute waited more than 25 ms. */
    private final LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.5);

    private final LoopLag.Window loopBatches = lag.window();

    private final World world = new World(
            new WorldMap(
                    List.of(
                            new ZoneDefinition("starter", 100, 100, new Point(50, 50), PORTALS),
                            new ZoneDefinition("beyond", 100, 100, new Point(50, 50), List.of())),
                    "starter"),
            Duration.ofSeconds(5));
    private final Zone zone = world.host(ZONE, saved::addAll, ZoneEvents.none(), FanOut.single());

    /** The event loop, and the joins' threads: what is handed to it waits until the test runs it. */
    private static final class HandRunLoop implements Executor {
        private final Queue<Runnable> pending = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            pending.add(task);
        }

        /** Runs what was handed in, and what that hands in, until nothing is left. */
        void runAll() {
            for (Runnable task; (task = pending.poll()) != null; ) {
                task.run();
            }
        }
    }

    private final HandRunLoop loop = new HandRunLoop();

    /**
     * Records frames written on {@link #loop}; while {@code stalled} it is not writable, like a connection towards a
     * client that stopped reading.
     */
    private final class FakeTransport implements Transport {
        final List<ServerMessage> sent = new ArrayList<>();
        boolean stalled;
        CloseReason closed;
        boolean aborted;

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

        /** Runs {@code action} on the loop, as the transport's reads do, with whatever it hands on. */
        void onLoop(Runnable action) {
            loop.execute(action);
            loop.runAll();
        }
    }

    private Sessions sessions;
    private Gateway gateway;

    private WorldSession session(FakeTransport transport, SessionSettings settings) {
        sessions = new Sessions(settings);
        WorldMetrics metrics = new WorldMetrics(Services.get(MeterRegistry.class));
        gateway = new Gateway(
                world,
                id -> Stream.of(character, other, stranded)
                        .filter(c -> c.id().equals(id))
                        .findFirst(),
                new PositionWriteBehind(positions -> {}, () -> {}),
                sessions,
                new Admission(AdmissionSettings.defaults(), overruns, lag, metrics, loop),
                new ConnectLimits(
                        new TokenBuckets(1000, 1000, 100),
                        new TokenBuckets(1000, 1000, 100),
                        new TokenBuckets(JOIN_BURST, 1, 100),
                        metrics),
                settings,
                metrics,
                () -> 1_000L,
                JoinTracing.off(),
                ZoneRouter.SINGLE_NODE);
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
                Duration.ofSeconds(15),
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
    private void joinThenStopReading(WorldSession session, FakeTransport transport) {
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        transport.stalled = true;
        for (int seq = 1; seq <= 10; seq++) {
            receive(session, transport, move(seq));
            zone.tick();
        }
    }

    /** The process's count of one refusal ({@code world_admission_refusals_total}). */
    private static long refusals(Refusal reason) {
        return Services.get(MeterRegistry.class)
                .counter("world_admission_refusals_total", List.of(Tag.create("reason", reason.tag())))
                .map(Counter::count)
                .orElse(0L);
    }

    private static void receive(WorldSession session, FakeTransport transport, byte[] frame) {
        transport.onLoop(() -> session.receive(frame));
    }

    /** One tick, and the loop writes what it produced. */
    private void tick() {
        zone.tick();
        loop.runAll();
    }

    /** Ticks until {@code condition} holds, at most a few ticks: a join or a resume takes effect at the next one. */
    private void tickUntil(String what, BooleanSupplier condition) {
        for (int ticks = 0; !condition.getAsBoolean(); ticks++) {
            assertThat(what + " within 3 ticks", ticks < 3, is(true));
            tick();
        }
    }

    private void awaitFirstSnapshot(FakeTransport transport) {
        tickUntil("a snapshot", () -> transport.sent.stream().anyMatch(ServerMessage::hasSnapshot));
    }

    @Test
    void aJoinIntoAZoneThisNodeDoesNotHostIsRefusedWithARetryAndTheSessionStaysOpen() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        receive(session, transport, join(stranded.id()));
        loop.runAll();
        Error refused = transport.sent.stream()
                .filter(ServerMessage::hasError)
                .findFirst()
                .orElseThrow()
                .getError();
        assertThat(refused.getCode(), is("zone_unavailable"));
        assertThat(refused.getRetryAfterMs(), is(5000));
        assertThat(session.closed(), is(false));
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
    }

    @Test
    void aPortalIntoAZoneThisNodeDoesNotHostHoldsThePlayerBackWithARetry() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        // 0.5 units a tick from x 50: the portal (x 90..100) is reached after 80 moves, the retry is 100 ticks away
        for (int seq = 1; seq <= 100; seq++) {
            receive(session, transport, move(seq));
            tick();
        }
        long refusals = transport.sent.stream()
                .filter(m -> m.hasError() && m.getError().getCode().equals("zone_unavailable"))
                .count();
        assertThat("once per retry interval", refusals, is(1L));
        assertThat(transport.sent.stream().anyMatch(ServerMessage::hasZoneChanged), is(false));
        assertThat(session.closed(), is(false));
        assertThat("still in its zone", zone.population(), is(1));
    }

    @Test
    void moreCommandsThanTheInboundQueueHoldsCloseTheSession() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(4, 1000, 8));
        receive(session, transport, join(character.id()));
        tickUntil("a welcome", () -> transport.sent.stream().anyMatch(ServerMessage::hasWelcome));
        for (int seq = 1; seq <= 5; seq++) {
            receive(session, transport, move(seq));
        }
        loop.runAll();
        assertThat(transport.gotError("inbound_overflow"), is(true));
        assertThat(transport.closed, is(CloseReason.INBOUND_OVERFLOW));
    }

    @Test
    void whatAStalledNetworkDeliversAtOnceIsABurstNotAFlood() {
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
        assertThat("a burst within the budget keeps the session", session.closed(), is(false));
        assertThat(transport.gotError("rate_limited"), is(false));
    }

    @Test
    void overTheMessageBudgetIsAnErrorThenAClose() {
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
        loop.runAll();
        assertThat(transport.gotError("rate_limited"), is(true));
        assertThat(transport.closed, is(CloseReason.RATE_LIMITED));
    }

    @Test
    void aClientThatStopsReadingSkipsToAFullSnapshotAndIsDroppedIfItStaysBehind() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 2));
        joinThenStopReading(session, transport);
        assertThat("the outbox is full and not draining", session.stuckFor(0, System.nanoTime()), is(true));
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(6).toNanos());
        assertThat(session.closed(), is(true));
        // the connection is dropped by its own event loop, never by the sweeper's thread
        assertThat("the sweeper handed the close to the loop", transport.closed, nullValue());
        loop.runAll();
        assertThat(transport.closed, is(CloseReason.SLOW_CONSUMER));
        assertThat("a client that does not read is not sent a close it cannot read", transport.aborted, is(true));
        zone.tick();
        assertThat("its player left the zone", zone.population(), is(0));
    }

    @Test
    void aClientThatMissedSnapshotsIsBroughtBackByAFullOne() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 1));
        joinThenStopReading(session, transport);
        transport.stalled = false;
        receive(session, transport, move(11));
        tickUntil(
                "move 11 acknowledged",
                () -> transport.sent.stream()
                        .anyMatch(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == 11));
        // deltas were lost while the client did not read: only a later full snapshot can make its view right
        ProtoView view = new ProtoView();
        transport.sent.stream().filter(ServerMessage::hasSnapshot).forEach(m -> view.apply(m.getSnapshot()));
        assertThat(
                "the rebuilt position is the server's",
                view.entities.get(1)[0],
                is(zone.visibleTo(session).get(1)[0]));
        assertThat(
                transport.sent.stream()
                                .filter(m -> m.hasSnapshot() && m.getSnapshot().getFull())
                                .count()
                        >= 2,
                is(true));
    }

    @Test
    void aSilentSessionTimesOut() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(31).toNanos());
        loop.runAll();
        assertThat(transport.gotError("idle_timeout"), is(true));
        assertThat(session.closed(), is(true));
    }

    @Test
    void aConnectionThatPlaysNoCharacterWithinTheJoinTimeoutIsClosedButAPlayerIsNot() {
        FakeTransport idler = new FakeTransport();
        WorldSession loiterer = session(idler, settings(64, 1000, 8));
        FakeTransport playing = new FakeTransport();
        WorldSession player = another(playing, account);
        joined(player, playing);
        receive(loiterer, idler, ping()); // pinging keeps it from the idle timeout, not from the join timeout
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(16).toNanos());
        loop.runAll();
        assertThat(idler.closed, is(CloseReason.JOIN_TIMEOUT));
        assertThat(idler.gotError("join_timeout"), is(true));
        assertThat(player.closed(), is(false));
    }

    @Test
    void aZoneThatKeepsOverrunningItsTicksRefusesJoinsServerFullWhileItsPlayersPlayOn() {
        FakeTransport playing = new FakeTransport();
        WorldSession player = session(playing, settings(64, 1000, 8));
        joined(player, playing);
        for (int i = 0; i < 2; i++) { // slow ticks, injected: what the tick loop reports when a tick took 80 ms
            overruns.tick("starter", Duration.ofMillis(80).toNanos(), true);
        }
        assertJoinRefusedServerFullWhileThePlayerPlaysOn(Refusal.ZONE_OVERLOADED, player, playing);
        for (int i = 0; i < 3; i++) { // the zone keeps its budget again: one overrun in the last 4 ticks
            overruns.tick("starter", Duration.ofMillis(10).toNanos(), false);
        }
        FakeTransport admitted = new FakeTransport();
        WorldSession later = another(admitted, account);
        receive(later, admitted, join(other.id()));
        awaitFirstSnapshot(admitted);
        assertThat(later.closed(), is(false));
    }

    @Test
    void aLaggingEventLoopRefusesJoinsServerFullWhileThePlayersInPlayOn() {
        FakeTransport playing = new FakeTransport();
        WorldSession player = session(playing, settings(64, 1000, 8));
        joined(player, playing);
        for (int i = 0; i < 2; i++) { // late batches, injected: what a loop busy for 80 ms reports
            loopBatches.record(System.nanoTime(), Duration.ofMillis(80).toNanos());
        }
        assertJoinRefusedServerFullWhileThePlayerPlaysOn(Refusal.LOOP_LAG, player, playing);
        for (int i = 0; i < 3; i++) { // the loop is on time again: 2 late batches of 5
            loopBatches.record(System.nanoTime(), Duration.ofMillis(1).toNanos());
        }
        FakeTransport admitted = new FakeTransport();
        WorldSession later = another(admitted, account);
        receive(later, admitted, join(other.id()));
        awaitFirstSnapshot(admitted);
        assertThat(later.closed(), is(false));
    }

    /**
     * A join now is refused {@code server_full} with a retry-after, counted by {@code reason}; the player in play moves
     * on.
     */
    private void assertJoinRefusedServerFullWhileThePlayerPlaysOn(
            Refusal reason, WorldSession player, FakeTransport playing) {
        long before = refusals(reason);
        FakeTransport refused = new FakeTransport();
        WorldSession latecomer = another(refused, account);
        receive(latecomer, refused, join(other.id()));
        assertThat(refused.closed, is(CloseReason.SERVER_FULL));
        assertThat("counted by its reason", refusals(reason), is(before + 1));
        ServerMessage full = refused.sent.stream()
                .filter(m -> m.hasError() && m.getError().getCode().equals("server_full"))
                .findFirst()
                .orElseThrow();
        assertThat(full.getError().getRetryAfterMs(), is(5000));
        receive(player, playing, move(7));
        tickUntil(
                "the move acknowledged",
                () -> playing.sent.stream()
                        .anyMatch(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == 7));
        assertThat("the players already in play on", player.closed(), is(false));
    }

    @Test
    void anAccountThatJoinsTooOftenIsClosedRateLimitedWithWhenToTryAgain() {
        FakeTransport transport = new FakeTransport();
        session(transport, settings(64, 1000, 8));
        WorldSession session = another(transport, account);
        for (int i = 0; i < JOIN_BURST; i++) { // each refused not_found: the session stays open and may join again
            receive(session, transport, join(CharacterId.random()));
        }
        assertThat(transport.sent.stream().filter(ServerMessage::hasError).count(), is((long) JOIN_BURST));
        long limitedBefore = refusals(Refusal.JOIN_RATE);
        receive(session, transport, join(character.id()));
        assertThat(transport.closed, is(CloseReason.RATE_LIMITED));
        assertThat("counted apart from floods", refusals(Refusal.JOIN_RATE), is(limitedBefore + 1));
        ServerMessage limited = transport.sent.getLast();
        assertThat(limited.getError().getCode(), is("rate_limited"));
        assertThat("a join a minute after the burst", limited.getError().getRetryAfterMs() > 50_000, is(true));
    }

    @Test
    void aBurstOfBadFramesReadAtOnceGetsAnErrorForEachOfThem() {
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        byte[] garbage = {(byte) 0xFF, 0x01, 0x02};
        transport.onLoop(
                () -> { // one read of the event loop: far more than the outbound queue of 8 holds
                    for (int i = 0; i < 100; i++) {
                        session.receive(garbage);
                    }
                });
        assertThat(
                transport.sent.stream()
                        .filter(m -> m.hasError() && m.getError().getCode().equals("invalid_message"))
                        .count(),
                is(100L));
        assertThat(session.closed(), is(false));
    }

    private static byte[] ping() {
        return ClientMessage.newBuilder()
                .setPing(Ping.newBuilder().setClientTime(1))
                .build()
                .toByteArray();
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
    private String joined(WorldSession session, FakeTransport transport) {
        receive(session, transport, join(character.id()));
        awaitFirstSnapshot(transport);
        return lastWelcome(transport).getResumeToken();
    }

    /** A new connection of {@code of} that sends Resume with {@code token}; ticks until it is answered. */
    private FakeTransport resumeOnNewConnection(AccountId of, String token) {
        FakeTransport transport = new FakeTransport();
        WorldSession session = another(transport, of);
        receive(session, transport, resume(token, 42));
        tickUntil(
                "an answer to the resume",
                () -> transport.sent.stream().anyMatch(m -> m.hasSnapshot() || m.hasError()));
        return transport;
    }

    private void dropped(WorldSession session, FakeTransport transport, CloseReason reason) {
        transport.onLoop(() -> session.disconnected(reason));
        zone.tick();
    }

    @Test
    void aConnectionLostWithoutGoodbyeLeavesTheEntityWaitingAndANewConnectionResumesIt() {
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
        assertThat("the entity waits for its player", zone.population(), is(1));

        FakeTransport second = resumeOnNewConnection(account, token);
        Welcome again = lastWelcome(second);
        assertThat("the same entity", again.getEntityId(), is(entity));
        assertThat("a new token for the next drop", again.getResumeToken(), not(is(token)));
        Snapshot first1 = second.sent.stream()
                .filter(ServerMessage::hasSnapshot)
                .findFirst()
                .orElseThrow()
                .getSnapshot();
        assertThat("the whole view first: missed snapshots are not replayed", first1.getFull(), is(true));
        assertThat("acknowledged moves go on from where they were", first1.getAckSeq(), is(7));
        assertThat("never a second entity", zone.population(), is(1));
    }

    @Test
    void transportErrorsAndSilenceParkTooButAGoodbyeOrASlowConsumerLeaves() {
        assertThat(CloseReason.TRANSPORT_ERROR.parksEntity(), is(true));
        assertThat(CloseReason.IDLE_TIMEOUT.parksEntity(), is(true));
        FakeTransport transport = new FakeTransport();
        WorldSession session = session(transport, settings(64, 1000, 8));
        String token = joined(session, transport);
        dropped(session, transport, CloseReason.CLIENT_CLOSED);
        assertThat("a close 1000 or 1001 is a goodbye", zone.population(), is(0));
        assertThat(resumeOnNewConnection(account, token).gotError("resume_refused"), is(true));
        assertThat(
                "a client too slow to keep up is dropped for good", CloseReason.SLOW_CONSUMER.parksEntity(), is(false));
    }

    @Test
    void whenTheGraceIsOverTheEntityLeavesWithItsPositionSavedAndTheTokenIsRefused() {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(14).toNanos());
        zone.tick();
        assertThat("still within the 15 s", zone.population(), is(1));
        sessions.sweep(System.nanoTime() + Duration.ofSeconds(16).toNanos());
        zone.tick();
        assertThat("the grace is over", zone.population(), is(0));
        assertThat(saved.stream().anyMatch(position -> position.character().equals(character.id())), is(true));

        FakeTransport second = resumeOnNewConnection(account, token);
        assertThat(second.gotError("resume_refused"), is(true));
        assertThat(second.sent.getLast().getError().getCid(), is(42));
        assertThat(second.sent.stream().noneMatch(ServerMessage::hasWelcome), is(true));
        assertThat("the client may join instead", second.closed, nullValue());
        assertThat("a refused resume creates nothing", zone.population(), is(0));
    }

    @Test
    void aTokenIsUsedOnceOnlyByItsOwnAccountAndAForgedOneIsRefused() {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);

        assertThat(resumeOnNewConnection(AccountId.random(), token).gotError("resume_refused"), is(true));
        assertThat(resumeOnNewConnection(account, "mrs_" + "A".repeat(43)).gotError("resume_refused"), is(true));
        assertThat(
                "another account's attempt did not use the token up",
                resumeOnNewConnection(account, token).sent.stream().anyMatch(ServerMessage::hasWelcome),
                is(true));
        assertThat("single use", resumeOnNewConnection(account, token).gotError("resume_refused"), is(true));
        assertThat(zone.population(), is(1));
    }

    @Test
    void aResumeTakesTheEntityFromAConnectionTheServerStillThinksOpen() {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        FakeTransport second = resumeOnNewConnection(account, token);
        assertThat(lastWelcome(second).getEntityId(), is(lastWelcome(first).getEntityId()));
        loop.runAll();
        assertThat(first.closed, is(CloseReason.SESSION_REPLACED));
        assertThat(zone.population(), is(1));
    }

    @Test
    void aJoinTakesAParkedEntityOverAndItsOldTokenNoLongerResumes() {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        FakeTransport second = new FakeTransport();
        WorldSession joining = another(second, account);
        joined(joining, second);
        assertThat(lastWelcome(second).getEntityId(), is(lastWelcome(first).getEntityId()));
        assertThat(resumeOnNewConnection(account, token).gotError("resume_refused"), is(true));
        assertThat(joining.closed(), is(false));
        assertThat(zone.population(), is(1));
    }

    @Test
    void aDeletedCharactersParkedEntityLeavesAtOnce() {
        FakeTransport first = new FakeTransport();
        WorldSession session = session(first, settings(64, 1000, 8));
        String token = joined(session, first);
        dropped(session, first, CloseReason.CONNECTION_LOST);
        sessions.characterDeleted(character.id().value());
        zone.tick();
        assertThat(zone.population(), is(0));
        assertThat(resumeOnNewConnection(account, token).gotError("resume_refused"), is(true));
        assertThat("nothing kept for it", sessions.tickets().size(), is(0));
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
        assertThat(zone.population(), is(0));
        assertThat(saved.stream().anyMatch(position -> position.character().equals(character.id())), is(true));
        assertThat("nothing kept after the drain", sessions.tickets().size(), is(0));
    }
}
