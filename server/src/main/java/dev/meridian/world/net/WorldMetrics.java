package dev.meridian.world.net;

import dev.meridian.world.engine.ZoneObserver;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The world's meters (docs/world.md): tick loop, traffic, drops, sessions. */
public final class WorldMetrics implements ZoneObserver {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

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

    @Override
    public void tickFailed(String zone, Throwable error) {
        counter("world_tick_failures_total", "Ticks that threw", "zone", zone).increment();
    }

    /** The traffic counters of one transport, looked up once per session rather than per frame. */
    Traffic traffic(String transport) {
        return new Traffic(
                counter("world_messages_in_total", "Frames received", "transport", transport),
                counter("world_bytes_in_total", "Bytes received in frames", "transport", transport),
                counter("world_messages_out_total", "Frames sent", "transport", transport),
                counter("world_bytes_out_total", "Bytes sent in frames", "transport", transport));
    }

    record Traffic(Counter messagesIn, Counter bytesIn, Counter messagesOut, Counter bytesOut) {
        void inbound(int bytes) {
            messagesIn.increment();
            bytesIn.increment(bytes);
        }

        void outbound(int bytes) {
            messagesOut.increment();
            bytesOut.increment(bytes);
        }
    }

    void dropped(String queue) {
        counter("world_queue_drops_total", "Frames or commands dropped by a full queue", "queue", queue)
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
