package dev.meridian.world;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.character.app.CharacterPositions;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.Platform;
import dev.meridian.platform.ratelimit.TokenBuckets;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.world.cluster.WorldNode;
import dev.meridian.world.cluster.ZoneOwnership;
import dev.meridian.world.cluster.ZoneRouter;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import dev.meridian.world.engine.FanOut;
import dev.meridian.world.engine.PositionStore;
import dev.meridian.world.engine.ThreadPinning;
import dev.meridian.world.engine.TickOverruns;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneEvents;
import dev.meridian.world.engine.ZoneObserver;
import dev.meridian.world.engine.ZoneSettings;
import dev.meridian.world.net.Admission;
import dev.meridian.world.net.AdmissionSettings;
import dev.meridian.world.net.ConnectLimits;
import dev.meridian.world.net.Gateway;
import dev.meridian.world.net.JoinTracing;
import dev.meridian.world.net.LoopLag;
import dev.meridian.world.net.RealtimeServer;
import dev.meridian.world.net.RealtimeSettings;
import dev.meridian.world.net.Refusal;
import dev.meridian.world.net.SessionSettings;
import dev.meridian.world.net.Sessions;
import dev.meridian.world.net.WorldAddresses;
import dev.meridian.world.net.WorldMetrics;
import dev.meridian.world.net.WorldPaths;
import dev.meridian.world.net.WorldZones;
import dev.meridian.world.net.ZoneOwners;
import dev.meridian.world.persistence.FencedPositionStore;
import dev.meridian.world.persistence.PositionWriteBehind;
import dev.meridian.world.persistence.StoredCharacters;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Wires the realtime world: config, the map's zones and their tick loops, persistence, transports, shutdown steps. */
public final class WorldModule {
    private static final System.Logger LOG = System.getLogger(WorldModule.class.getName());

    private WorldModule() {}

    /**
     * @param playerEvents where {@code player.moved} events go (the NATS publisher in production)
     * @param characters the character module's store, which the world reads characters from and saves positions to
     */
    public static InstalledWorld install(
            Platform platform,
            HttpRouting.Builder routing,
            AccessTokens tokens,
            EventPublisher playerEvents,
            CharacterPositions characters) {
        Config config = platform.config().get("world");
        WorldMap map = WorldMapConfig.read(platform.config());
        SessionSettings sessionSettings = sessionSettings(config.get("session"));
        WorldMetrics metrics = new WorldMetrics(platform.metrics());
        StoredCharacters stored = new StoredCharacters(characters);
        List<String> zoneIds = map.zones().stream().map(ZoneDefinition::id).toList();
        Optional<ZoneOwnership> ownership = WorldCluster.ownership(platform, zoneIds, stored);
        PositionStore store = ownership
                .<PositionStore>map(zones -> new FencedPositionStore(characters, zones, metrics::positionWritesRefused))
                .orElse(stored);
        Duration batchGap = PositionWriteBehind.batchGapFor(
                config.get("persist-interval").as(Duration.class).get());
        PositionWriteBehind positions =
                new PositionWriteBehind(store, () -> metrics.persistenceFailed("position_write"), batchGap).start();
        int fanOutThreads = config.get("fan-out-threads")
                .asInt()
                .orElse(Math.min(4, Runtime.getRuntime().availableProcessors()));
        ThreadPinning pinning =
                config.get("fan-out-pinning").asBoolean().get() ? ThreadPinning.ofAllowedCores() : ThreadPinning.none();
        World world = new World(
                map,
                config.get("zone-retry-after").as(Duration.class).get(),
                ownership
                        .<Predicate<String>>map(cluster -> cluster::runsElsewhere)
                        .orElse(zone -> false));
        ZoneEvents events = new PublishedZoneEvents(playerEvents);
        Function<String, Zone> host = zone -> world.host(
                zoneSettings(config, map.zone(zone).orElseThrow()),
                positions,
                events,
                FanOut.of(fanOutThreads, zone, pinning));
        if (ownership.isEmpty()) {
            zoneIds.forEach(host::apply);
        }
        zoneIds.forEach(zone -> metrics.zonePopulation(
                zone, () -> world.hosted(zone).map(Zone::population).orElse(0)));
        metrics.zonesOwned(() -> world.zones().size());
        countersAtZero(platform.metrics(), zoneIds);
        Sessions sessions = new Sessions(sessionSettings).startSweeping();
        metrics.sessionCount(sessions::count);
        AdmissionSettings admissionSettings = admissionSettings(config);
        // every zone ticks at world.tick-rate: the window in ticks is the same for all of them
        TickOverruns overruns = new TickOverruns(
                (int) Math.max(
                        1,
                        admissionSettings.overloadWindow().toMillis()
                                * config.get("tick-rate").asInt().get()
                                / 1000),
                admissionSettings.overloadShare());
        LoopLag lag = new LoopLag(
                admissionSettings.lagLimit(), admissionSettings.overloadWindow(), admissionSettings.lagShare());
        metrics.loopLag(lag::lateShare);
        Admission admission = new Admission(admissionSettings, overruns, lag, metrics);
        // the foreground first: a tick's end must reach it even if a later observer fails
        ZoneObserver observer =
                new ForegroundTicks(platform.foreground()).and(metrics).and(overruns);
        Gateway gateway = new Gateway(
                world,
                stored,
                positions,
                sessions,
                admission,
                connectLimits(config.get("connect-limit"), metrics),
                sessionSettings,
                metrics,
                System::currentTimeMillis,
                new JoinTracing(platform.tracing()),
                ownership.<ZoneRouter>map(router -> router).orElse(ZoneRouter.SINGLE_NODE));
        platform.health().add(WorldCluster.readiness(ownership, zoneIds));
        RealtimeServer realtime = RealtimeServer.start(realtimeSettings(config), gateway, tokens);
        WorldAddresses addresses = new WorldAddresses(
                config.get("advertise.websocket-url").asString().asOptional(),
                config.get("advertise.grpc-target").asString().asOptional());
        addresses.listening(realtime.port());
        ownership.ifPresent(cluster -> addresses.peers(
                () -> cluster.peers().stream().map(WorldNode::websocketUrl).toList()));
        routing.register(WorldPaths.ADDRESSES, addresses);
        String node = ownership.map(cluster -> cluster.self().id()).orElseGet(() -> WorldCluster.nodeId(config));
        routing.register(
                WorldPaths.ZONES,
                new WorldZones(
                        world,
                        node,
                        ownership
                                .<ZoneOwners>map(cluster -> cluster::holderNode)
                                .orElse(ZoneOwners.NONE)));
        if (ownership.isEmpty()) {
            world.start(observer);
        }
        ownership.ifPresent(cluster -> cluster.notifying(
                        new ZoneHosting(cluster, world, host, observer, sessions, positions, cluster.retryAfter()))
                .start());

        Duration grace = config.get("drain-grace").as(Duration.class).get();
        Optional<ZoneHandover> handover = ownership.map(cluster -> new ZoneHandover(
                cluster,
                world,
                sessions,
                positions,
                config.get("cluster.handover-wait").as(Duration.class).get()));
        platform.shutdown().register(ShutdownPhase.DRAIN_SESSIONS, "world-sessions", () -> {
            // a node of a cluster sends its players to the zones' next owners; who is left gets server_shutdown
            if (handover.isPresent()) {
                handover.get().run();
            }
            sessions.drain(grace);
            awaitEmptyZones(world, grace);
        });
        platform.shutdown().register(ShutdownPhase.STOP_ENGINES, "world-zones", world::stop);
        platform.shutdown().register(ShutdownPhase.STOP_SERVER, "world-listener", realtime::close);
        platform.shutdown().register(ShutdownPhase.FLUSH_STATE, "world-positions", () -> {
            world.zones().forEach(z -> positions.save(z.drainDirty()));
            if (!positions.flush()) {
                LOG.log(Level.WARNING, "event=position_flush_incomplete pending=" + positions.pendingCount());
            }
            positions.stop();
        });
        // once the positions are written, so that the next owner loads the last ones, and at once, not after the TTL
        ownership.ifPresent(cluster ->
                platform.shutdown().register(ShutdownPhase.FLUSH_STATE, "world-leases", cluster::releaseAll));
        return new InstalledWorld(world, sessions, realtime, addresses, node);
    }

    /**
     * The close reasons of docs/protocol.md, as tagged on {@code world_sessions_closed_total}
     * ({@code WorldMetricsCatalogTest} keeps the list equal to the server's reasons).
     */
    static final List<String> CLOSE_REASONS = List.of(
            "left",
            "client_closed",
            "connection_lost",
            "session_replaced",
            "rate_limited",
            "inbound_overflow",
            "frame_too_large",
            "idle_timeout",
            "join_timeout",
            "slow_consumer",
            "server_shutdown",
            "server_full",
            "character_deleted",
            "unauthorized",
            "kicked",
            "banned",
            "redirected",
            "zone_unavailable",
            "transport_error");

    /**
     * The world's counters of rare events exist from the start at 0: a counter born at 1 has no earlier sample, so
     * Prometheus' {@code increase()} misses its first event, and the alert rules and dashboard in {@code ops/} would
     * name series that do not exist yet. Same names, descriptions and tags as {@link WorldMetrics} records with.
     */
    private static void countersAtZero(MeterRegistry registry, List<String> zones) {
        for (String zone : zones) {
            zeroCounter(
                    registry, "world_tick_overruns_total", "Ticks that took longer than the tick period", "zone", zone);
            zeroCounter(registry, "world_tick_failures_total", "Ticks that threw", "zone", zone);
        }
        for (String queue : List.of("inbound", "outbound")) {
            zeroCounter(
                    registry, "world_queue_drops_total", "Frames or commands dropped by a full queue", "queue", queue);
        }
        for (String operation : List.of("position_write", "join_lookup")) {
            zeroCounter(
                    registry,
                    "world_persistence_failures_total",
                    "World database operations that failed",
                    "operation",
                    operation);
        }
        for (String reason : List.of("not_owned", "stale_epoch")) {
            zeroCounter(
                    registry,
                    "world_position_writes_refused_total",
                    "Position writes refused because the zone's lease was not this node's",
                    "reason",
                    reason);
        }
        for (String reason : CLOSE_REASONS) {
            zeroCounter(registry, "world_sessions_closed_total", "Sessions closed, by reason", "reason", reason);
        }
        for (Refusal refusal : Refusal.values()) {
            zeroCounter(
                    registry,
                    "world_admission_refusals_total",
                    "Connects and joins refused by a limit, a full server or an overloaded zone",
                    "reason",
                    refusal.tag());
        }
    }

    private static void zeroCounter(MeterRegistry registry, String name, String description, String tag, String value) {
        registry.getOrCreate(Counter.builder(name).description(description).tags(List.of(Tag.create(tag, value))));
    }

    /**
     * The running world: its zones, its sessions, its realtime listener, the addresses clients use to reach it, and the
     * name of this node (the owner of its zones).
     */
    public record InstalledWorld(
            World world, Sessions sessions, RealtimeServer realtime, WorldAddresses addresses, String node) {}

    /**
     * Half the cores, at least one. One event loop carries a crowd of 1,000 with most of its time in system calls; a
     * loop per core only shared the same cores with the tick and fan-out threads and made every send dearer (on two
     * cores one loop cost 7 % less CPU per player-tick than two at crowd 500: docs/benchmarks.md).
     */
    static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    static RealtimeSettings realtimeSettings(Config world) {
        return new RealtimeSettings(
                world.get("host").asString().get(),
                world.get("port").asInt().get(),
                world.get("net.io-threads").asInt().orElse(defaultIoThreads()),
                world.get("net.native-transport").asBoolean().get(),
                world.get("net.send-buffer").asInt().get(),
                world.get("net.outbound-buffer").asInt().get(),
                world.get("net.poll-interval").as(Duration.class).get(),
                world.get("net.grpc-stream-window").asInt().get());
    }

    /** The sessions' Leave commands reach the zones on their next tick; wait for that before the loops stop. */
    private static void awaitEmptyZones(World world, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (world.zones().stream().anyMatch(z -> z.population() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** One zone of the map under the rules every zone shares. */
    static ZoneSettings zoneSettings(Config world, ZoneDefinition zone) {
        return new ZoneSettings(
                zone.id(),
                zone.width(),
                zone.height(),
                world.get("tick-rate").asInt().get(),
                world.get("speed").asDouble().get(),
                world.get("view-radius").asDouble().get(),
                world.get("persist-interval").as(Duration.class).get(),
                world.get("event-interval").as(Duration.class).get(),
                zone.portals());
    }

    static AdmissionSettings admissionSettings(Config world) {
        AdmissionSettings defaults = AdmissionSettings.defaults();
        return new AdmissionSettings(
                world.get("max-players").asInt().orElse(defaults.maxPlayers()),
                world.get("join.lookups").asInt().orElse(defaults.lookups()),
                world.get("join.queue").asInt().orElse(defaults.queue()),
                world.get("join.wait").as(Duration.class).orElse(defaults.queueWait()),
                world.get("join.retry-after").as(Duration.class).orElse(defaults.retryAfter()),
                world.get("overload.window").as(Duration.class).orElse(defaults.overloadWindow()),
                world.get("overload.overrun-share").asDouble().orElse(defaults.overloadShare()),
                world.get("overload.lag-limit").as(Duration.class).orElse(defaults.lagLimit()),
                world.get("overload.lag-share").asDouble().orElse(defaults.lagShare()));
    }

    static ConnectLimits connectLimits(Config limits, WorldMetrics metrics) {
        int maxKeys = limits.get("max-keys").asInt().get();
        return new ConnectLimits(
                bucketsOf(limits.get("ip"), maxKeys),
                bucketsOf(limits.get("account"), maxKeys),
                bucketsOf(limits.get("join"), maxKeys),
                metrics);
    }

    private static TokenBuckets bucketsOf(Config limit, int maxKeys) {
        return new TokenBuckets(
                limit.get("capacity").asInt().get(),
                limit.get("per-minute").asInt().get(),
                maxKeys);
    }

    static SessionSettings sessionSettings(Config session) {
        return new SessionSettings(
                session.get("max-frame-bytes").asInt().get(),
                session.get("inbound-queue").asInt().get(),
                session.get("messages-per-second").asInt().get(),
                session.get("message-burst").asInt().get(),
                session.get("outbound-queue").asInt().get(),
                session.get("slow-consumer-timeout").as(Duration.class).get(),
                session.get("idle-timeout").as(Duration.class).get(),
                session.get("join-timeout").as(Duration.class).get(),
                session.get("resume-grace").as(Duration.class).get());
    }
}
