package dev.meridian.world.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zones this node hosts and their tick loops. A character whose saved zone is not hosted here enters the
 * default zone (one zone today; the map is where more go).
 */
public final class World {
    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final String defaultZone;
    private final List<TickLoop> loops = new ArrayList<>();

    public World(Collection<Zone> zones, String defaultZone) {
        zones.forEach(zone -> this.zones.put(zone.name(), zone));
        if (!this.zones.containsKey(defaultZone)) {
            throw new IllegalArgumentException("default zone " + defaultZone + " is not hosted");
        }
        this.defaultZone = defaultZone;
    }

    public Zone zoneFor(String zoneName) {
        return zones.getOrDefault(zoneName, zones.get(defaultZone));
    }

    public Collection<Zone> zones() {
        return zones.values();
    }

    public synchronized void start(ZoneObserver observer) {
        zones.values().forEach(zone -> loops.add(new TickLoop(zone, observer).start()));
    }

    public synchronized void stop() throws InterruptedException {
        for (TickLoop loop : loops) {
            loop.stop();
        }
        loops.clear();
        zones.values().forEach(Zone::close);
    }
}
