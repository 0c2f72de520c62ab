package dev.meridian.world;

import dev.meridian.world.domain.Area;
import dev.meridian.world.domain.Point;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the world map from configuration ({@code world.map.zones}, docs/world.md, "The world map"). A map that
 * contradicts itself stops the start with a message naming the zone and portal at fault.
 *
 * <p>Settings from before the map keep working: a {@code world.default-zone} that the map does not list is a zone of
 * its own, {@code world.zone.width} × {@code world.zone.height} units, spawning at {@code characters.spawn}, without
 * portals.
 */
public final class WorldMapConfig {
    private WorldMapConfig() {}

    /** @param root the whole configuration (the map lives under {@code world}, the old spawn under {@code characters}) */
    public static WorldMap read(Config root) {
        Config world = root.get("world");
        String defaultZone = world.get("default-zone").asString().get();
        List<ZoneDefinition> zones = new ArrayList<>();
        List<Config> nodes = world.get("map.zones").asNodeList().orElse(List.of());
        try {
            for (int i = 0; i < nodes.size(); i++) {
                zones.add(zone(nodes.get(i), "world.map.zones." + i));
            }
            if (zones.stream().noneMatch(zone -> zone.id().equals(defaultZone))) {
                zones.add(loneZone(root, defaultZone));
            }
            return new WorldMap(zones, defaultZone);
        } catch (IllegalArgumentException | ConfigException e) {
            throw new IllegalArgumentException("the world map (world.map.zones) is not valid: " + e.getMessage(), e);
        }
    }

    /** The single zone of settings from before the map; its spawn clamped into it, as positions always were. */
    private static ZoneDefinition loneZone(Config root, String id) {
        int width = root.get("world.zone.width").asInt().get();
        int height = root.get("world.zone.height").asInt().get();
        double x = root.get("characters.spawn.x").asDouble().get();
        double y = root.get("characters.spawn.y").asDouble().get();
        Point spawn = new Point(Math.clamp(x, 0, width), Math.clamp(y, 0, height));
        return new ZoneDefinition(id, width, height, spawn, List.of());
    }

    private static ZoneDefinition zone(Config zone, String where) {
        List<Portal> portals = new ArrayList<>();
        List<Config> nodes = zone.get("portals").asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            portals.add(portal(nodes.get(i), where + ".portals." + i));
        }
        return new ZoneDefinition(
                text(zone, "id", where),
                whole(zone, "width", where),
                whole(zone, "height", where),
                new Point(number(zone, "spawn.x", where), number(zone, "spawn.y", where)),
                portals);
    }

    private static Portal portal(Config portal, String where) {
        return new Portal(
                new Area(
                        number(portal, "x", where),
                        number(portal, "y", where),
                        number(portal, "width", where),
                        number(portal, "height", where)),
                text(portal, "to.zone", where),
                new Point(number(portal, "to.x", where), number(portal, "to.y", where)));
    }

    private static String text(Config node, String key, String where) {
        return node.get(key).asString().orElseThrow(() -> missing(where, key));
    }

    private static int whole(Config node, String key, String where) {
        return node.get(key).asInt().orElseThrow(() -> missing(where, key));
    }

    private static double number(Config node, String key, String where) {
        return node.get(key).asDouble().orElseThrow(() -> missing(where, key));
    }

    private static IllegalArgumentException missing(String where, String key) {
        return new IllegalArgumentException(where + " needs " + key);
    }
}
