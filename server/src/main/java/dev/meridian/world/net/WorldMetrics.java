package dev.meridian.world.net;

import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.world.engine.ZoneObserver;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The world's meters (docs/world.md): tick loop, traffic, drops, sessions; and the slow-tick log line. */
public final class WorldMetrics implements ZoneObserver {
    private static final System.Logger LOG = System.getLogger(WorldMetrics.class.getName());
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ThrottledLog> slowTicks = new ConcurrentHashMap<>();
    /**
     * Per JVM, like the registry's meters: a meter registered once reads the same adders whichever server of the
     * process (tests run several) counts into them.
     */
    private static final ConcurrentHashMap<String, Traffic> TRAFFIC = new ConcurrentHashMap<>();

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public WorldMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void zonePopulation(String zone, Supplier<Integer> players) {
        registry.getOrCreate(Gauge.builder("world_players", players, p -> p.get())
                .description("Players in a zone")
                .tags(List.of(Tag.create("zone", zone))));
    }

    public void sessionCount(Supplier<Integer> sessions) {
        registry.getOrCreate(Gauge.builder("world_sessions", sessions, s -> s.get())
                .description("Open world sessions, joined or not"));
    }

    @Override
    public void tick(String zone, long nanos, boolean overrun) {
        timers.computeIfAbsent(
                        zone,
                        z -> registry.getOrCreate(Timer.builder("world_tick_duration")
                                .description("Time one zone tick took")
                                .tags(List.of(Tag.create("zone", z)))))
                .record(Duration.ofNanos(nanos));
        if (overrun) {
            counter("world_tick_overruns_total", "Ticks that took longer than the tick period", "zone", zone)
                    .increment();
        }
    }

    /** One line a second per zone, with how many slow ticks it stands for: an overrunning zone keeps overrunning. */
    @Override
    public void slowTick(String zone, String breakdown) {
        slowTicks
                .computeIfAbsent(zone, z -> new ThrottledLog(LOG, Duration.ofSeconds(1)))
                .warn("event=slow_tick zone=" + zone + " " + breakdown);
    }

    @Override
    public void tickFailed(String zone, Throwable error) {
        counter("world_tick_failures_total", "Ticks that threw", "zone", zone).increment();
    }

    /**
     * The traffic counters of one transport: plain adders on the frame path (no registry lookup, no meter call per
     * frame), read by the registry only when it is scraped.
     */
    Traffic traffic(String transport) {
        Traffic counts = TRAFFIC.computeIfAbsent(
                transport, t -> new Traffic(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()));
        if (registered.add(transport)) {
            register(transport, counts);
        }
        return counts;
    }

    private void register(String transport, Traffic counts) {
        functional("world_messages_in_total", "Frames received", transport, counts.messagesIn());
        functional("world_bytes_in_total", "Bytes received in frames", transport, counts.bytesIn());
        functional("world_messages_out_total", "Frames sent", transport, counts.messagesOut());
        functional("world_bytes_out_total", "Bytes sent in frames", transport, counts.bytesOut());
    }

    private void functional(String name, String description, String transport, LongAdder adder) {
        registry.getOrCreate(FunctionalCounter.builder(name, adder, LongAdder::sum)
                .description(description)
                .tags(List.of(Tag.create("transport", transport))));
    }

    record Traffic(LongAdder messagesIn, LongAdder bytesIn, LongAdder messagesOut, LongAdder bytesOut) {
        void inbound(int bytes) {
            messagesIn.increment();
            bytesIn.add(bytes);
        }

        /** A whole flush: {@code frames} frames of {@code bytes} bytes in all. */
        void outbound(int frames, long bytes) {
            messagesOut.add(frames);
            bytesOut.add(bytes);
        }
    }

    void dropped(String queue) {
        counter("world_queue_drops_total", "Frames or commands dropped by a full queue", "queue", queue)
                .increment();
    }

    /** A database operation of the world failed ({@code position_write}, {@code join_lookup}). */
    public void persistenceFailed(String operation) {
        counter("world_persistence_failures_total", "World database operations that failed", "operation", operation)
                .increment();
    }

    /** Positions not written because this node no longer owned their zone ({@code not_owned}, {@code stale_epoch}). */
    public void positionWritesRefused(String reason, int positions) {
        counter(
                        "world_position_writes_refused_total",
                        "Position writes refused because the zone's lease was not this node's",
                        "reason",
                        reason)
                .increment(positions);
    }

    /** How many zones this node ticks now. */
    public void zonesOwned(Supplier<Integer> zones) {
        registry.getOrCreate(Gauge.builder("world_zones_owned", zones, z -> z.get())
                .description("Zones this node ticks (holds the lease of, in a cluster)"));
    }

    /** How late the realtime event loops ran their work over the overload window ({@link LoopLag#lateShare}). */
    public void loopLag(Supplier<Double> lateShare) {
        registry.getOrCreate(Gauge.builder("world_event_loop_late_share", lateShare, share -> share.get())
                .description("Share of the overload window in which the latest realtime event loop ran its work"
                        + " later than world.overload.lag-limit"));
    }

    /** A connect, join or resume turned away before it could play. */
    void refused(Refusal reason) {
        counter(
                        "world_admission_refusals_total",
                        "Connects and joins refused by a limit, a full server or an overloaded zone",
                        "reason",
                        reason.tag())
                .increment();
    }

    void closed(CloseReason reason) {
        counter("world_sessions_closed_total", "Sessions closed, by reason", "reason", reason.code())
                .increment();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(
                name + '|' + value,
                key -> registry.getOrCreate(
                        Counter.builder(name).description(description).tags(List.of(Tag.create(tag, value)))));
    }
}
