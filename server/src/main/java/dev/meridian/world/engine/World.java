package dev.meridian.world.engine;

import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The world map and the zones of it this node hosts, each with its own tick loop; portals lead from one to another
 * ({@link ZoneLinks}), and {@link Placements} keeps one entity per character across them.
 */
public final class World implements ZoneLinks {
    private final WorldMap map;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, Zone> zones = new ConcurrentHashMap<>();
    private final Placements placements = new Placements();
    private final List<TickLoop> loops = new ArrayList<>();

    /** @param retryAfter the wait {@code zone_unavailable} asks of clients */
    public World(WorldMap map, Duration retryAfter) {
        this.map = map;
        this.retryAfter = retryAfter;
    }

    /** Hosts one zone of the map here (before {@link #start}). */
    public Zone host(ZoneSettings settings, PositionSink positions, ZoneEvents events, FanOut fanOut) {
        if (map.zone(settings.name()).isEmpty()) {
            throw new IllegalArgumentException("zone '" + settings.name() + "' is not on the map");
        }
        Zone zone = new Zone(settings, positions, events, fanOut, this);
        if (zones.putIfAbsent(zone.name(), zone) != null) {
            throw new IllegalArgumentException("zone '" + zone.name() + "' is hosted twice");
        }
        return zone;
    }

    public WorldMap map() {
        return map;
    }

    @Override
    public Optional<Zone> hosted(String zone) {
        return Optional.ofNullable(zones.get(zone));
    }

    @Override
    public Placements placements() {
        return placements;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The hosted zones, in the map's order. */
    public List<Zone> zones() {
        return map.zones().stream()
                .map(zone -> zones.get(zone.id()))
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Where a joining character enters: the zone of this node it plays in now (the Join takes it over); else its
     * saved zone at its saved position; a character saved in a zone that is no longer on the map enters the default
     * zone at its spawn point. Empty when that zone is on the map but not hosted here.
     */
    public Optional<Entry> entry(PlayerCharacter character) {
        Optional<Zone> playing = placements.of(character.id());
        if (playing.isPresent()) {
            return Optional.of(new Entry(playing.get(), character));
        }
        Optional<ZoneDefinition> saved = map.zone(character.zone());
        if (saved.isPresent()) {
            return hosted(saved.get().id()).map(zone -> new Entry(zone, character));
        }
        ZoneDefinition fallback = map.defaultZoneDefinition();
        PlayerCharacter spawned = character.at(
                fallback.id(), fallback.spawn().x(), fallback.spawn().y());
        return hosted(fallback.id()).map(zone -> new Entry(zone, spawned));
    }

    /** The zone a Join goes to, with the character placed as it enters. */
    public record Entry(Zone zone, PlayerCharacter character) {}

    public synchronized void start(ZoneObserver observer) {
        zones().forEach(zone -> loops.add(new TickLoop(zone, observer).start()));
    }

    public synchronized void stop() throws InterruptedException {
        for (TickLoop loop : loops) {
            loop.stop();
        }
        loops.clear();
        zones().forEach(Zone::close);
    }
}
