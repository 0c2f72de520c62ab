package dev.meridian.world.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The zones of this node's map and the tick loops of those it runs. A character whose saved zone is not on the map
 * enters the default zone. A single node ticks every zone from {@link #start}; a node of a cluster ticks a zone from
 * {@link #open} (it took the zone's lease) until {@link #halt} (it lost it), which puts a fresh, idle {@link Zone} in
 * the stopped one's place, so a zone that comes back starts from what Postgres holds, never from what this node had.
 */
public final class World {
    private final Map<String, Zone> zones;
    private final List<String> names;
    private final String defaultZone;
    private final Map<String, TickLoop> loops = new ConcurrentHashMap<>();

    public World(Collection<Zone> zones, String defaultZone) {
        Map<String, Zone> byName = new LinkedHashMap<>();
        zones.forEach(zone -> byName.put(zone.name(), zone));
        if (!byName.containsKey(defaultZone)) {
            throw new IllegalArgumentException("default zone " + defaultZone + " is not hosted");
        }
        this.names = List.copyOf(byName.keySet());
        this.zones = new ConcurrentHashMap<>(byName);
        this.defaultZone = defaultZone;
    }

    public Zone zoneFor(String zoneName) {
        Zone zone = zones.get(zoneName);
        return zone != null ? zone : zones.get(defaultZone);
    }

    /** Every zone of the map, in the map's order (those not ticking here are empty). */
    public List<Zone> zones() {
        return names.stream().map(zones::get).toList();
    }

    /** The names of the map's zones, in order. */
    public List<String> names() {
        return names;
    }

    /** Whether this node ticks the zone now. */
    public boolean ticking(String zoneName) {
        return loops.containsKey(zoneName);
    }

    /** Ticks every zone (a single node owns them all). */
    public synchronized void start(ZoneObserver observer) {
        zones.values().forEach(zone -> loops.put(zone.name(), new TickLoop(zone, observer).start()));
    }

    /**
     * Starts ticking the zone of that name (fresh: from the map, or put in place by {@link #halt}), for as long as
     * {@code owned} holds (checked before every tick). Commands submitted to it before wait for its first tick.
     */
    public synchronized void open(String zoneName, ZoneObserver observer, BooleanSupplier owned) {
        Zone zone = zones.get(zoneName);
        if (zone == null) {
            throw new IllegalArgumentException("zone " + zoneName + " is not on the map");
        }
        if (loops.containsKey(zoneName)) {
            throw new IllegalStateException("zone " + zoneName + " is ticking already");
        }
        loops.put(zoneName, new TickLoop(zone, observer, owned).start());
    }

    /**
     * Stops ticking the zone of {@code fresh}'s name now and puts {@code fresh}, idle, in its place: what the stopped
     * zone held (players, positions not yet handed on) is dropped, its new owner loads the players from Postgres.
     */
    public synchronized void halt(Zone fresh) throws InterruptedException {
        TickLoop loop = loops.remove(fresh.name());
        if (loop != null) {
            loop.stop();
        }
        replace(fresh).close();
    }

    public synchronized void stop() throws InterruptedException {
        for (TickLoop loop : loops.values()) {
            loop.stop();
        }
        loops.clear();
        zones.values().forEach(Zone::close);
    }

    private Zone replace(Zone fresh) {
        Zone previous = zones.put(fresh.name(), fresh);
        if (previous == null) {
            zones.remove(fresh.name());
            throw new IllegalArgumentException("zone " + fresh.name() + " is not on the map");
        }
        return previous;
    }
}
