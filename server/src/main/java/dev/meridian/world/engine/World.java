package dev.meridian.world.engine;

import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The world map and the zones of it this node hosts, each with its own tick loop; portals lead from one to another
 * ({@link ZoneLinks}), and {@link Placements} keeps one entity per character across them. A single node hosts every
 * zone from the start; a node of a cluster hosts a zone while it holds the zone's lease ({@link #open} after
 * {@link #host}, then {@link #unhost}), each time a fresh one, so a zone that comes back starts from Postgres.
 */
public final class World implements ZoneLinks {
    private final WorldMap map;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, Zone> zones = new ConcurrentHashMap<>();
    private final Placements placements = new Placements();
    private final ConcurrentHashMap<String, TickLoop> loops = new ConcurrentHashMap<>();
    private final Predicate<String> elsewhere;

    /** @param retryAfter the wait {@code zone_unavailable} asks of clients */
    public World(WorldMap map, Duration retryAfter) {
        this(map, retryAfter, zone -> false);
    }

    /**
     * @param elsewhere whether another node runs a zone now (a node of a cluster hears it from the lease store); it is
     *     asked on tick threads, so it must answer without waiting
     */
    public World(WorldMap map, Duration retryAfter, Predicate<String> elsewhere) {
        this.map = map;
        this.retryAfter = retryAfter;
        this.elsewhere = elsewhere;
    }

    /** Hosts one zone of the map here (before {@link #start}, or before {@link #open} on a node of a cluster). */
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
    public boolean runsElsewhere(String zone) {
        return !zones.containsKey(zone) && elsewhere.test(zone);
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
        if (map.zone(character.zone()).isPresent()) {
            return hosted(character.zone()).map(zone -> new Entry(zone, character));
        }
        ZoneDefinition fallback = map.defaultZoneDefinition();
        PlayerCharacter spawned = character.at(
                fallback.id(), fallback.spawn().x(), fallback.spawn().y());
        return hosted(fallback.id()).map(zone -> new Entry(zone, spawned));
    }

    /** The name of the zone {@link #entry} puts the character in, whether or not this node hosts it. */
    public String entryZone(PlayerCharacter character) {
        return placements
                .of(character.id())
                .map(Zone::name)
                .orElseGet(() -> map.zone(character.zone())
                        .orElseGet(map::defaultZoneDefinition)
                        .id());
    }

    /** The zone a Join goes to, with the character placed as it enters. */
    public record Entry(Zone zone, PlayerCharacter character) {}

    public synchronized void start(ZoneObserver observer) {
        zones().forEach(zone -> loops.put(zone.name(), new TickLoop(zone, observer).start()));
    }

    /**
     * Starts ticking a zone hosted after {@link #start} (this node took its lease), for as long as {@code owned} holds:
     * the loop asks before every tick, so a node that was paused never ticks beside the zone's new owner.
     */
    public synchronized void open(String zone, ZoneObserver observer, BooleanSupplier owned) {
        Zone hosted = hosted(zone).orElseThrow(() -> new IllegalArgumentException("zone '" + zone + "' is not hosted"));
        if (loops.containsKey(zone)) {
            throw new IllegalStateException("zone '" + zone + "' is ticking already");
        }
        loops.put(zone, new TickLoop(hosted, observer, owned).start());
    }

    /**
     * Stops the zone now and hosts it no more (this node lost its lease, or hands the zone over): its entities are
     * dropped with it; the zone's next owner loads its players from Postgres.
     *
     * @return the stopped zone, whose last positions may still be read ({@link Zone#drainDirty}); empty when it was not
     *     hosted
     */
    public synchronized Optional<Zone> unhost(String zone) throws InterruptedException {
        TickLoop loop = loops.remove(zone);
        if (loop != null) {
            loop.stop();
        }
        Zone gone = zones.remove(zone);
        if (gone != null) {
            placements.forget(gone);
            gone.close();
        }
        return Optional.ofNullable(gone);
    }

    public synchronized void stop() throws InterruptedException {
        for (TickLoop loop : loops.values()) {
            loop.stop();
        }
        loops.clear();
        zones().forEach(Zone::close);
    }
}
